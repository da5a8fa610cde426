import { describe, expect, it } from 'vitest';
import { create, get } from '../support/worker.ts';
import { SITE } from '../support/site.ts';
import { headingLevels } from '../support/headings.ts';

const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const json = async (path: string) => JSON.parse(await text(path)) as { title: string; items: Record<string, any>[] };

/** What a reader sees of a page: its main part, tags and the CSS gone. */
function visible(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main.replace(/<style>[^]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
}

/** A card's (or the lead's) topic links and what follows them, as shown. */
function topicLists(html: string): string[][] {
  return [...html.matchAll(/<ul class="topic-list"[^>]*>([^]*?)<\/ul>/g)].map((m) => [...m[1]!.matchAll(/<li[^>]*>(?:<a href="[^"]+">)?([^<]+)/g)].map((li) => li[1]!));
}

const NINE = ['rule-of-law', 'international-law', 'cybercrime', 'cyber-terrorism', 'sovereignty', 'non-intervention', 'due-diligence', 'cyber-attribution', 'cyber-sanctions'];
const WORKSHOP = { kind: 'workshop', name: 'Workshop on the rule of law', start: '2022-08-12', location: { name: 'Luojia Hall', city: 'Wuhan' }, organizers: ['Wuhan University'] };

describe('topic labels in the feeds', () => {
  async function pair() {
    await create({ title: 'Rule of law workshop', slug: 'pair-en', translation_key: 'pair', topics: ['rule-of-law', 'state-practice'], published: '2022-08-12T02:00:00Z' });
    await create({ title: '法治研讨会', slug: 'pair-zh', lang: 'zh-Hans', translation_key: 'pair', topics: ['rule-of-law', 'state-practice'], published: '2022-08-12T03:00:00Z' });
  }

  it('writes RSS categories as labels, with the topic page as their domain', async () => {
    await pair();
    const rss = await text('/en/feed.xml');
    expect(rss).toContain(`<category domain="${SITE}/topics/rule-of-law">Rule of law</category>`);
    // A topic the catalogue lacks keeps its slug as its label.
    expect(rss).toContain(`<category domain="${SITE}/topics/state-practice">state-practice</category>`);
    expect(await text('/zh/feed.xml')).toContain(`<category domain="${SITE}/zh/topics/rule-of-law">法治</category>`);
  });

  it('writes Atom categories with the slug as term, the label as label, and one scheme in every feed', async () => {
    await pair();
    const atom = await text('/en/atom.xml');
    expect(atom).toContain(`<category label="Rule of law" scheme="${SITE}/topics/" term="rule-of-law"/>`);
    expect(await text('/zh/atom.xml')).toContain(`<category label="法治" scheme="${SITE}/topics/" term="rule-of-law"/>`);
  });

  it('gives JSON Feed tags as labels and the slugs in an extension', async () => {
    await pair();
    const [item] = (await json('/zh/feed.json')).items;
    expect(item).toMatchObject({ tags: ['法治', 'state-practice'], _herald: { topics: ['rule-of-law', 'state-practice'] } });
  });

  it('names topics in each language’s feeds in that language, and in the feeds of every language in each item’s own', async () => {
    await pair();
    // The English-only report on the Chinese feed: the Chinese feed's labels.
    await create({ title: 'Only in English', topics: ['sovereignty'], published: '2021-01-01T00:00:00Z' });
    expect((await json('/zh/feed.json')).items.map((i) => i.tags)).toEqual([['法治', 'state-practice'], ['网络主权']]);
    const every = (await json('/feed.json')).items.map((i) => [i.language, i.tags]);
    expect(every).toEqual([
      ['zh-Hans', ['法治', 'state-practice']],
      ['en', ['Rule of law', 'state-practice']],
      ['en', ['Sovereignty in cyberspace']],
    ]);
    const atom = await text('/atom.xml');
    expect(atom).toContain('label="法治"');
    expect(atom).toContain('label="Rule of law"');
  });
});

describe('the home page', () => {
  it('leads with the newest report (kicker, headline, standfirst, event line), then lists the rest under their own heading', async () => {
    await create({ title: 'Older report', summary: 'The older summary.', published: '2021-01-01T00:00:00Z' });
    await create({ title: 'Newest workshop', summary: 'What the workshop found.', published: '2022-08-13T00:00:00Z', event: WORKSHOP });
    await create({ title: 'Middle report', summary: 'The middle summary.', published: '2022-01-01T00:00:00Z' });
    const html = await text('/');
    const lead = /<article class="lead"[^>]*>([^]*?)<\/article>/.exec(html)?.[1] ?? '';
    expect(lead).toContain('<p class="kicker" lang="en">Workshop</p>');
    expect(lead).toMatch(/<h2 class="lead-title" id="lead-title"><a href="[^"]+">Newest workshop<\/a><\/h2>/);
    expect(lead).toContain('<p class="standfirst">What the workshop found.</p>');
    expect(lead).toContain('<p class="lead-event"><span lang="en">12 August 2022</span> · Luojia Hall, Wuhan</p>');
    // The rest, newest first, as cards under "More reports"; the lead is not repeated.
    const rest = html.slice(html.indexOf('<h2 id="more-reports">More reports</h2>'));
    expect([...rest.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1])).toEqual(['Middle report', 'Older report']);
    expect(headingLevels(html)).toEqual([1, 2, 2, 3, 3, 2]);
    expect((await text('/zh/')).includes('<h2 id="more-reports">更多报道</h2>')).toBe(true);
  });

  it('has no "More reports" section with a single report, and says so when there is none', async () => {
    expect(visible(await text('/'))).toContain('No reports have been published yet.');
    await create({ title: 'The only report' });
    const html = await text('/');
    expect(html).toContain('class="lead"');
    expect(html).not.toContain('More reports');
  });

  it('shows topics by label, never as slugs, and at most three on a card, then how many more', async () => {
    await create({ title: 'Nine topics', topics: NINE, published: '2022-08-12T00:00:00Z' });
    await create({ title: 'Three topics', topics: ['sovereignty', 'cybercrime', 'state-practice'], published: '2021-08-12T00:00:00Z' });
    await create({ title: 'Four topics', topics: ['sovereignty', 'cybercrime', 'due-diligence', 'cyber-sanctions'], published: '2020-08-12T00:00:00Z' });
    const html = await text('/');
    expect(topicLists(html)).toEqual([
      ['Rule of law', 'International law', 'Cybercrime', '+6 more'],
      ['Sovereignty in cyberspace', 'Cybercrime', 'state-practice'],
      ['Sovereignty in cyberspace', 'Cybercrime', 'Due diligence', '+1 more'],
    ]);
    expect(html).toContain(`<a href="${SITE}/topics/rule-of-law">Rule of law</a>`);
    const shown = visible(html);
    for (const slug of NINE) expect(shown).not.toContain(slug);
    expect(shown).not.toContain('#');
    expect(topicLists(await text('/zh/'))[0]).toEqual(['法治', '国际法', '网络犯罪', '另有6个']);
  });

  it('has a short subscribe card: address and frequency, then topics by label, language and time zone under a closed "More options"', async () => {
    await create({ title: 'On sovereignty', topics: ['sovereignty', 'state-practice'] });
    const html = await text('/');
    const card = /<section class="subscribe-card"[^>]*>([^]*?)<\/section>/.exec(html)?.[1] ?? '';
    const details = /<details class="more-options">([^]*?)<\/details>/.exec(card)?.[1];
    expect(details, 'a closed <details>').toBeDefined();
    expect(details).toMatch(/<summary>More options <span class="more-options-hint">[^<]+<\/span><\/summary>/);
    const outside = card.replace(details!, '');
    expect(outside).toContain('name="email"');
    expect(outside).toContain('name="frequency"');
    for (const field of ['name="topics"', 'name="lang"', 'name="timezone"']) {
      expect(outside).not.toContain(field);
      expect(details).toContain(field);
    }
    expect(details).toMatch(/<input type="checkbox" name="topics" value="sovereignty"\/> Sovereignty in cyberspace<\/label>/);
    expect(details).toMatch(/<input type="checkbox" name="topics" value="state-practice"\/> state-practice<\/label>/);
    const zh = await text('/zh/');
    expect(zh).toMatch(/<summary>更多选项 /);
    expect(zh).toMatch(/value="sovereignty"\/> 网络主权<\/label>/);
  });
});

describe('a topic’s page', () => {
  it('opens with the topic’s label as its heading and its introduction, in the page’s language', async () => {
    await create({ title: 'On sovereignty', topics: ['sovereignty', 'cybercrime'] });
    const html = await text('/topics/sovereignty');
    expect(html).toMatch(/<h1>Sovereignty in cyberspace<\/h1><p class="topic-intro">How the principle of state sovereignty applies to networks, data and the infrastructure beneath them[^<]*<\/p>/);
    expect(html).toContain('<title>Herald: Sovereignty in cyberspace</title>');
    expect(headingLevels(html)).toEqual([1, 2, 3]);
    // The page's own topic goes without saying on its cards.
    expect(topicLists(html)).toEqual([['Cybercrime']]);
    const zh = await text('/zh/topics/sovereignty');
    expect(zh).toMatch(/<h1>网络主权<\/h1><p class="topic-intro">国家主权原则如何适用于网络、数据及其底层基础设施[^<]*<\/p>/);
  });

  it('names a topic the catalogue lacks by its slug, with no introduction', async () => {
    await create({ title: 'On state practice', topics: ['state-practice'] });
    const html = await text('/topics/state-practice');
    expect(html).toContain('<h1>state-practice</h1>');
    expect(html).not.toContain('<p class="topic-intro"');
  });
});

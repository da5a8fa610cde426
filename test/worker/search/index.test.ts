import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/common/config.ts';
import { readSearch, searchReports } from '../../../src/search/index.ts';
import { api, create } from '../support/worker.ts';
import { event, makeReport } from '../support/builders.ts';

const site = readConfig(env);

/** Searches as `/search.json?…` would, at `now` (the real clock unless given). */
async function find(query: string, now = Date.now()) {
  const { search, paging } = readSearch(new URLSearchParams(query));
  const found = await searchReports(env.DB, site, search!, paging, now);
  return { ...found, slugs: found.results.map((r) => r.slug) };
}

const body = (text: string) => `${text}\n\nA second paragraph about other things.`;

describe('finding reports', () => {
  it('finds English, Chinese one-, two- and many-character words, and mixed queries', async () => {
    await create({ slug: 'aalco', title: 'Workshop with AALCO on the rule of law', body: body('Delegates of AALCO met in Wuhan.') });
    await create({ slug: 'zh', title: '网络空间国际法治研讨会', lang: 'zh', body: body('与会专家讨论了网络主权与国际治理。AALCO 代表出席。') });
    expect((await find('q=aalco')).slugs.sort()).toEqual(['aalco', 'zh']);
    expect((await find('q=治理')).slugs).toEqual(['zh']);
    expect((await find('q=治')).slugs).toEqual(['zh']);
    expect((await find('q=网络主权')).slugs).toEqual(['zh']);
    expect((await find('q=AALCO%20治理')).slugs).toEqual(['zh']);
    expect((await find('q=ＡＡＬＣＯ')).total).toBe(2);
    expect((await find('q=wuhan')).slugs).toEqual(['aalco']);
  });

  it('matches a Chinese word only where its characters stand together', async () => {
    await create({ slug: 'apart', title: '网络安全与国家主权', lang: 'zh', body: body('网络的发展和主权的概念。') });
    await create({ slug: 'together', title: '论网络主权', lang: 'zh', body: body('网络主权是核心议题。') });
    expect((await find('q=网络主权')).slugs).toEqual(['together']);
    expect((await find('q=网络%20主权')).slugs.sort()).toEqual(['apart', 'together']);
  });

  it('requires every term, and a quoted phrase as a phrase', async () => {
    await create({ slug: 'dd', title: 'Due diligence in cyberspace', body: body('States owe due diligence.') });
    await create({ slug: 'apart', title: 'Diligence is due', body: body('Nothing more.') });
    expect((await find('q=due%20diligence')).slugs.sort()).toEqual(['apart', 'dd']);
    expect((await find('q=%22due%20diligence%22')).slugs).toEqual(['dd']);
    expect((await find('q=due%20diligence%20wuzhen')).total).toBe(0);
  });

  it('ranks a title match above a summary match, above a speaker, above a body match', async () => {
    await create({ slug: 'in-body', title: 'Seminar one', body: body('Wuzhen was mentioned once in passing.') });
    await create({ slug: 'in-speaker', title: 'Seminar two', body: body('Nothing here.'), event: event({ speakers: [{ name: 'Li Wuzhen', role: 'Chair' }] }) });
    await create({ slug: 'in-summary', title: 'Seminar three', summary: 'A meeting at Wuzhen.', body: body('Nothing here.') });
    await create({ slug: 'in-title', title: 'The Wuzhen forum', body: body('Nothing here.') });
    expect((await find('q=wuzhen')).slugs).toEqual(['in-title', 'in-summary', 'in-speaker', 'in-body']);
  });

  it('finds organizers, participating institutions and the place', async () => {
    await create({
      slug: 'with-event',
      title: 'A forum',
      body: body('Nothing here.'),
      event: event({ organizers: ['Wuhan University'], participants: ['Tsinghua University'], location: { name: 'Grand Hall', city: 'Geneva' } }),
    });
    for (const q of ['tsinghua', 'wuhan', 'geneva', 'grand%20hall']) expect((await find(`q=${q}`)).slugs, q).toEqual(['with-event']);
  });

  it('gives each result its url, event, and a snippet with the matches marked', async () => {
    await create({ slug: 'one', title: 'Forum on norms', lang: 'en', body: body('The <b>delegates</b> met in Wuzhen & agreed.'), event: event({ kind: 'forum', name: 'Norms forum', start: '2024-05-09' }) });
    const [result] = (await find('q=wuzhen')).results;
    expect(result).toMatchObject({ slug: 'one', url: `${site.siteUrl}/reports/one`, lang: 'en', title: 'Forum on norms' });
    expect(result!.event).toMatchObject({ kind: 'forum', name: 'Norms forum' });
    expect(result!.snippet).toContain('met in <mark>Wuzhen</mark> &amp; agreed');
    expect(result!.snippet).not.toContain('<b>');
  });
});

describe('filters', () => {
  async function seedFiltered() {
    await create({ slug: 'en-forum', title: 'Cyber norms forum', lang: 'en', topics: ['norms'], published: '2024-03-10T10:00:00Z', event: event({ kind: 'forum' }) });
    await create({ slug: 'en-workshop', title: 'Cyber norms workshop', lang: 'en', topics: ['data'], published: '2024-03-11T10:00:00Z', event: event({ kind: 'workshop' }) });
    await create({ slug: 'zh-forum', title: '网络规范论坛 cyber norms', lang: 'zh-Hans', topics: ['norms', 'data'], published: '2024-03-12T10:00:00Z', event: event({ kind: 'forum' }) });
  }

  it('narrows to any of the given topics', async () => {
    await seedFiltered();
    expect((await find('q=norms&topic=data')).slugs.sort()).toEqual(['en-workshop', 'zh-forum']);
    expect((await find('q=norms&topic=norms&topic=data')).total).toBe(3);
    expect((await find('q=norms&topic=nothing-here')).total).toBe(0);
  });

  it('narrows to a language by its primary subtag', async () => {
    await seedFiltered();
    expect((await find('q=norms&lang=zh')).slugs).toEqual(['zh-forum']);
    expect((await find('q=norms&lang=en')).total).toBe(2);
  });

  it('narrows to publication dates, both ends included', async () => {
    await seedFiltered();
    expect((await find('q=norms&from=2024-03-11&to=2024-03-11')).slugs).toEqual(['en-workshop']);
    expect((await find('q=norms&from=2024-03-11')).total).toBe(2);
    expect((await find('q=norms&to=2024-03-10')).slugs).toEqual(['en-forum']);
  });

  it('narrows to an event kind', async () => {
    await seedFiltered();
    expect((await find('q=norms&kind=forum')).slugs.sort()).toEqual(['en-forum', 'zh-forum']);
  });

  it('pages through the results and counts them all', async () => {
    for (let i = 0; i < 5; i++) await create({ slug: `page-${i}`, title: `Cyber norms ${i}` });
    const first = await find('q=norms&per_page=2');
    const third = await find('q=norms&per_page=2&page=3');
    const past = await find('q=norms&per_page=2&page=9');
    expect([first.total, first.results.length, third.results.length, past.total, past.results.length]).toEqual([5, 2, 1, 5, 0]);
  });
});

describe('hostile queries', () => {
  it('searches FTS5 syntax as words and never fails', async () => {
    await create({ slug: 'near', title: 'Near and far: cyber norms', body: body('title: something') });
    for (const q of ['NEAR(near far)', 'norm*', '-cyber', '^near', 'title:near', '"near" OR "far"', 'near AND NOT far', '"near far', '(((near']) {
      await expect(find(`q=${encodeURIComponent(q)}`), q).resolves.toBeDefined();
    }
    expect((await find(`q=${encodeURIComponent('title:something')}`)).slugs).toEqual(['near']);
    expect((await find(`q=${encodeURIComponent('(((near -far*')}`)).slugs).toEqual(['near']);
  });

  it('refuses a query that is missing, empty, too long, only punctuation or has control characters, naming q', () => {
    for (const query of ['', 'q=', 'q=%20%20', `q=${'a'.repeat(201)}`, 'q=***', 'q=a%00b', 'q=a&q=b']) {
      expect(() => readSearch(new URLSearchParams(query)), query).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'q' })] }));
    }
  });

  it('refuses malformed filters, naming each', () => {
    const cases: Record<string, string> = {
      'q=a&topic=Not%20A%20Topic!': 'topic',
      'q=a&lang=12': 'lang',
      'q=a&from=2024-13-01': 'from',
      'q=a&to=yesterday': 'to',
      'q=a&from=2024-03-02&to=2024-03-01': 'to',
      'q=a&kind=party': 'kind',
      'q=a&page=0': 'page',
      'q=a&per_page=51': 'per_page',
      'q=a&per_page=x': 'per_page',
    };
    for (const [query, field] of Object.entries(cases)) {
      expect(() => readSearch(new URLSearchParams(query)), query).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field })] }));
    }
  });
});

describe('the index follows every write', () => {
  it('finds an edit at once, and no longer finds the words it removed', async () => {
    await create({ slug: 'edited', title: 'Forum in Wuzhen' });
    const res = await api('PUT', '/reports/edited', makeReport({ title: 'Forum in Geneva' }));
    expect(res.status).toBe(200);
    expect((await find('q=wuzhen')).total).toBe(0);
    expect((await find('q=geneva')).slugs).toEqual(['edited']);
  });

  it('does not find a draft, and finds it once it is published', async () => {
    await create({ slug: 'draft', title: 'Draft on Wuzhen', draft: true });
    expect((await find('q=wuzhen')).total).toBe(0);
    await api('PUT', '/reports/draft', makeReport({ title: 'Draft on Wuzhen', draft: false }));
    expect((await find('q=wuzhen')).slugs).toEqual(['draft']);
    await api('PUT', '/reports/draft', makeReport({ title: 'Draft on Wuzhen', draft: true }));
    expect((await find('q=wuzhen')).total).toBe(0);
  });

  it('finds a scheduled report only once its time has come', async () => {
    const due = Date.now() + 3_600_000;
    await create({ slug: 'later', title: 'Scheduled Wuzhen report', published: new Date(due).toISOString() });
    expect((await find('q=wuzhen', due - 1)).total).toBe(0);
    expect((await find('q=wuzhen', due)).slugs).toEqual(['later']);
  });

  it('forgets a deleted report', async () => {
    await create({ slug: 'gone', title: 'Wuzhen report' });
    expect((await api('DELETE', '/reports/gone')).status).toBe(204);
    expect((await find('q=wuzhen')).total).toBe(0);
  });

  it('heals a missing index row when the same report is sent again', async () => {
    await create({ slug: 'healed', title: 'Wuzhen report' });
    await env.DB.exec('DELETE FROM search_documents');
    expect((await find('q=wuzhen')).total).toBe(0);
    const stored = await (await api('GET', '/reports/healed')).json<Record<string, unknown>>();
    expect((await api('PUT', '/reports/healed', stored)).status).toBe(200);
    expect((await find('q=wuzhen')).slugs).toEqual(['healed']);
  });
});

describe('POST /api/search/reindex', () => {
  async function reindexAll(): Promise<{ calls: number; indexed: number; removed: number }> {
    let cursor: string | null = null;
    let calls = 0;
    let indexed = 0;
    let removed = 0;
    do {
      const res = await api('POST', `/search/reindex${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = await res.json<{ indexed: number; removed: number; next_cursor: string | null }>();
      cursor = page.next_cursor;
      indexed += page.indexed;
      removed += page.removed;
      calls++;
    } while (cursor);
    return { calls, indexed, removed };
  }

  it('rebuilds a lost index from the stored reports, and removes what is gone', async () => {
    await create({ slug: 'a', title: 'Wuzhen one' });
    await create({ slug: 'b', title: 'Wuzhen two', draft: true });
    // An index row whose report is gone, as after a crash between the KV delete and the D1 one.
    await env.DB.prepare("INSERT INTO search_documents (slug, lang, published, topics, title, excerpt, hash, indexed_at) VALUES ('ghost', 'en', 0, ' ', 'Wuzhen ghost', '', 'x', 0)").run();
    await env.DB.exec("DELETE FROM search_documents WHERE slug = 'a'");
    expect(await reindexAll()).toMatchObject({ indexed: 1, removed: 1 });
    expect((await find('q=wuzhen')).slugs).toEqual(['a']);
    // A second run finds everything current.
    expect(await reindexAll()).toMatchObject({ indexed: 0, removed: 0 });
  });

  it('walks the store a page at a time', async () => {
    for (let i = 0; i < 101; i++) await env.REPORTS.put(`pub:${String(i).padStart(16, '0')}:missing-${i}`, '', { metadata: { s: `missing-${i}`, p: 0, u: 0 } });
    expect((await reindexAll()).calls).toBe(2);
  });

  it('refuses a cursor it did not issue, naming it', async () => {
    const res = await api('POST', '/search/reindex?cursor=nonsense');
    expect(res.status).toBe(400);
    expect((await res.json<{ errors: { field: string }[] }>()).errors[0]!.field).toBe('cursor');
  });
});

describe('what a search costs', () => {
  it('reads rows in proportion to the hits a filter leaves, not to every report holding the word', async () => {
    for (let i = 0; i < 30; i++) await create({ slug: `common-${i}`, title: `Norms meeting ${i}`, topics: ['crowded'], published: `2024-0${1 + (i % 6)}-10T10:00:00Z` });
    await create({ slug: 'rare-topic', title: 'Norms in a rare topic', topics: ['rare'], published: '2024-03-10T10:00:00Z' });
    const all = await find('q=norms');
    const narrowed = await find('q=norms&topic=rare');
    const byMonth = await find('q=norms&from=2024-03-01&to=2024-03-31');
    expect([all.total, narrowed.total, byMonth.total]).toEqual([31, 1, 6]);
    expect(narrowed.slugs).toEqual(['rare-topic']);
    // The filter's words are intersected in FTS5: one match scored, one row joined.
    expect(narrowed.cost.rowsRead).toBeLessThan(10);
    expect(byMonth.cost.rowsRead).toBeLessThan(all.cost.rowsRead / 3);
  });

  it('never finds a report by the words its filters are stored as', async () => {
    await create({ slug: 'chinese', title: '网络治理', lang: 'zh' });
    for (const word of ['langzh', 'y2024', 'm202401']) expect((await find(`q=${word}`)).total, word).toBe(0);
  });
});

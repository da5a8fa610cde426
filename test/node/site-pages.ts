/**
 * Every page type of the site, seeded in a running `wrangler dev` and listed as data: the
 * browser tests (pages.test.ts) and `npm run screenshots` walk the same list. A page type the
 * site gains is one more entry in `SITE_PAGES` (a path that answers 404 fails loudly).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Lang } from '../../src/common/i18n/index.ts';
import { readContent } from '../../scripts/lib/content.ts';
import { nextDueAt } from '../../src/digests/schedule.ts';
import type { DevServer, SimulatedEmail } from './wrangler-dev.ts';

const CONTENT = fileURLToPath(new URL('../../content/reports', import.meta.url));
const HOURLY = '0 * * * *';

/** A page's path (with query) in each language; the page's language is the key. */
export type Paths = Record<Lang, string>;

/** One page type: where it is in each language, and what the server answers there. */
export interface SitePage {
  /** Short and file-name safe: `report-upcoming`, `not-found`. */
  name: string;
  /** Its path in each language, relative to the origin; some depend on what the seeding made. */
  paths: Paths | ((seeded: Seeded) => Paths);
  /** The status the page answers with; 200 unless said. */
  status?: number;
  /**
   * A page reached by submitting a form: load `paths`, then click this (a submit button):
   * the page checked is the one that answers.
   */
  submit?: string;
  /** Fills the form before `submit`. */
  fill?: (page: Page, lang: Lang) => Promise<void>;
  /** The form can be pressed only once (it changes state): a later visit that finds no form shows the page it led to. */
  once?: boolean;
}

/** What the seeding made, for page addresses that depend on it. */
export interface Seeded {
  /** Report slugs: `many` has many institutions and speakers; `upcoming` has an event not yet held. */
  reports: { many: Paths; upcoming: Paths };
  topic: string;
  year: string;
  month: string;
  /** The id of an edition of the web digest archive. */
  edition: number;
  /** Links from a confirmed subscriber's emails, one subscriber per interface language. */
  links: Record<Lang, { confirm: string; preferences: string; unsubscribe: string }>;
  /** The digest email a confirmed subscriber would get now (admin preview), in their interface language. */
  email: Record<Lang, { subject: string; html: string }>;
}

/** The same path in English (at the root) and in Chinese (under /zh). */
const both = (path: string): Paths => ({ en: path, zh: `/zh${path}` });
/** The path and query of a link an email carries. */
const local = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};
const emailLinks = (kind: 'confirm' | 'preferences' | 'unsubscribe') => (s: Seeded): Paths => ({ en: local(s.links.en[kind]), zh: local(s.links.zh[kind]) });
let signUps = 0;

/**
 * Every page type, in both languages. A page type the site gains is one more line here: each path must answer its status, so a path
 * that does not exist fails loudly.
 */
export const SITE_PAGES: SitePage[] = [
  { name: 'home', paths: { en: '/', zh: '/zh/' } },
  { name: 'topic', paths: (s) => both(`/topics/${s.topic}`) },
  { name: 'report', paths: (s) => ({ en: `/reports/${s.reports.many.en}`, zh: `/reports/${s.reports.many.zh}` }) },
  { name: 'report-upcoming', paths: (s) => ({ en: `/reports/${s.reports.upcoming.en}`, zh: `/reports/${s.reports.upcoming.zh}` }) },
  { name: 'events', paths: both('/events') },
  { name: 'archive', paths: both('/archive') },
  { name: 'archive-year', paths: (s) => both(`/archive/${s.year}`) },
  { name: 'archive-month', paths: (s) => both(`/archive/${s.year}/${s.month}`) },
  { name: 'digest', paths: both('/digest') },
  { name: 'digests', paths: both('/digests') },
  { name: 'digest-edition', paths: (s) => both(`/digests/${s.edition}`) },
  { name: 'subscribe', paths: both('/subscribe') },
  // Opened from a search's results: the search to follow filled in and announced above the form.
  { name: 'subscribe-search', paths: { en: `/subscribe?query=${encodeURIComponent('Due diligence')}`, zh: `/zh/subscribe?query=${encodeURIComponent('网络主权 尽职调查')}` } },
  {
    // "Check your inbox": a sign-up with a fresh address (the site allows 10 a minute per client).
    name: 'subscribe-sent',
    paths: both('/subscribe'),
    submit: 'main form.subscribe button[type="submit"]',
    fill: async (page, lang) => {
      signUps += 1;
      await page.fill('main form.subscribe input[name="email"]', `sign-up-${lang}-${Date.now()}-${signUps}@example.org`);
    },
  },
  // A reader who has not confirmed: the page with the button; pressing it confirms (the confirmed page with the choices).
  { name: 'confirm', paths: emailLinks('confirm') },
  { name: 'confirmed', paths: emailLinks('confirm'), submit: 'main form button[type="submit"]', once: true },
  { name: 'preferences', paths: emailLinks('preferences') },
  { name: 'unsubscribe', paths: emailLinks('unsubscribe') },
  { name: 'not-found', paths: both('/no-such-page'), status: 404 },
  { name: 'topics', paths: both('/topics') },
  { name: 'follow', paths: both('/follow') },
  // Search: results over two pages (English and Chinese reports both match), none (with a filter to remove), and the empty box.
  { name: 'search', paths: { en: '/search?q=cyberspace&per_page=2', zh: `/zh/search?q=${encodeURIComponent('网络空间')}&per_page=2` } },
  { name: 'search-none', paths: { en: '/search?q=quantum&topic=sovereignty', zh: `/zh/search?q=${encodeURIComponent('量子')}&topic=sovereignty` } },
  { name: 'search-empty', paths: both('/search') },
  // A malformed date: the form again, the error at its field (400).
  { name: 'search-invalid', paths: both('/search?q=wuzhen&from=2026-13-40'), status: 400 },
];

/** The path of `entry` in `lang`. */
export const pathOf = (entry: SitePage, lang: Lang, seeded: Seeded): string => (typeof entry.paths === 'function' ? entry.paths(seeded) : entry.paths)[lang];

/**
 * Loads `entry` in `lang` into `page` (submitting its form if it has one) and fails, naming
 * the address, when the server answers another status than the entry's.
 */
export async function visit(page: Page, origin: string, seeded: Seeded, entry: SitePage, lang: Lang): Promise<void> {
  const url = `${origin}${pathOf(entry, lang, seeded)}`;
  const loaded = await page.goto(url, { waitUntil: 'load' });
  let status = loaded?.status();
  // A form pressed once is done: a later visit (the next width) gets the page it led to straight away (the confirmed page for an active reader).
  if (entry.submit && !(entry.once && (await page.locator(entry.submit).count()) === 0)) {
    if (status !== 200) throw new Error(`${entry.name} (${lang}): ${url} answered ${status}, not 200`);
    await entry.fill?.(page, lang);
    const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(entry.submit)]);
    status = answer?.status();
  }
  const expected = entry.status ?? 200;
  if (status !== expected) throw new Error(`${entry.name} (${lang}): ${url}${entry.submit ? ` (after submitting ${entry.submit})` : ''} answered ${status}, not ${expected}`);
}

async function waitForEmail(server: DevServer, match: (email: SimulatedEmail) => boolean, seconds = 40): Promise<SimulatedEmail> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = (await server.emails()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching email within ${seconds} s; the simulator has: ${JSON.stringify((await server.emails()).map((e) => [e.to, e.subject]))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

const link = (text: string, route: string) => {
  const found = new RegExp(`https?://[^\\s"<>]+/${route}\\?token=[^\\s"<>&]+`).exec(text)?.[0];
  if (!found) throw new Error(`no /${route} link in:\n${text}`);
  return found;
};

/** The day after tomorrow plus `days`, as `YYYY-MM-DD`: an event not yet held whenever the test runs. */
const dayFromNow = (days: number) => new Date(Date.now() + (days + 2) * 86_400_000).toISOString().slice(0, 10);

/** The upcoming seminar in each language: what differs between its two versions. */
const SEMINAR = [
  {
    lang: 'en',
    title: 'Seminar on Due Diligence in Cyberspace',
    summary: 'Scholars and practitioners meet in Wuhan to discuss what due diligence asks of states whose networks are used for cyber operations.',
    authors: [{ name: 'Research Institute for Cyberspace Governance' }],
    body: 'The Research Institute for Cyberspace Governance will hold a seminar on due diligence in cyberspace.\n\n## Programme\n\nThe morning session turns to the obligations of states; the afternoon to the evidence that attribution needs.',
    name: 'Seminar on Due Diligence in Cyberspace',
    location: { name: 'Law School, Wuhan University', city: 'Wuhan', country: 'China' },
    organizers: ['Research Institute for Cyberspace Governance, Wuhan University'],
    participants: ['Law School, Wuhan University', 'University of Essex', 'Stockholm University'],
    speakers: [
      { name: 'Professor Zhixiong Huang', role: 'chair', affiliation: 'Research Institute for Cyberspace Governance, Wuhan University' },
      { name: 'Dr. Jane Example', role: 'speaker', affiliation: 'University of Essex' },
    ],
  },
  {
    lang: 'zh-Hans',
    title: '网络空间尽职调查义务研讨会',
    summary: '学者与实务界人士齐聚武汉，讨论国家网络被用于网络行动时，尽职调查义务对国家提出了哪些要求。',
    authors: [{ name: '武汉大学网络治理研究院' }],
    body: '武汉大学网络治理研究院将举办网络空间尽职调查义务研讨会。\n\n## 议程\n\n上午讨论国家的义务，下午讨论归因所需的证据。',
    name: '网络空间尽职调查义务研讨会',
    location: { name: '武汉大学法学院', city: '武汉', country: '中国' },
    organizers: ['武汉大学网络治理研究院'],
    participants: ['武汉大学法学院', '埃塞克斯大学', '斯德哥尔摩大学'],
    speakers: [
      { name: '黄志雄教授', role: '主持', affiliation: '武汉大学网络治理研究院' },
      { name: 'Jane Example 博士', role: '发言', affiliation: '埃塞克斯大学' },
    ],
  },
];

/**
 * Seeds `server` the way a site is used: the reports of `content/reports` (both languages, a
 * workshop with fourteen institutions and three speakers), two confirmed subscribers (one per
 * interface language), then a new report pair with an upcoming event (so the subscribers have
 * a digest to preview), and an hourly cron after the next digest hour that keeps the web
 * archive's edition.
 */
export async function seedSite(server: DevServer): Promise<Seeded> {
  const admin = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
  const { reports, errors } = await readContent(CONTENT);
  if (errors.length > 0) throw new Error(`content/reports: ${JSON.stringify(errors)}`);
  for (const report of reports) {
    await ok(await server.fetch(`/api/reports/${report.slug}`, { method: 'PUT', headers: admin, body: JSON.stringify(report.input) }), `PUT ${report.file}`);
  }
  const many = reports.filter((r) => r.input.event && r.input.event.participants.length >= 10);
  const manyEn = many.find((r) => r.input.lang === 'en');
  const manyZh = many.find((r) => r.input.lang.startsWith('zh') && r.input.translation_key === manyEn?.input.translation_key);
  if (!manyEn || !manyZh) throw new Error('content/reports has no report pair with ten or more institutions');
  const [year, month] = manyEn.input.published!.slice(0, 7).split('-') as [string, string];

  // Two readers, one per interface language, confirmed from their emails.
  const links: Partial<Seeded['links']> = {};
  const readers = { en: `reader-en-${Date.now()}@example.org`, zh: `reader-zh-${Date.now()}@example.org` };
  for (const lang of ['en', 'zh'] as const) {
    const prefix = lang === 'en' ? '' : '/zh';
    await ok(await server.fetch(`${prefix}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: readers[lang], frequency: 'daily', timezone: 'Asia/Shanghai', lang: 'both', ui_lang: lang }) }), `subscribe ${lang}`);
    const confirmation = await waitForEmail(server, (email) => email.to.includes(readers[lang]));
    const confirm = link(confirmation.text, lang === 'zh' ? 'zh/confirm' : 'confirm');
    const token = new URL(confirm).searchParams.get('token')!;
    await ok(await server.fetch(`${prefix}/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) }), `confirm ${lang}`);
    // A third and fourth reader sign up and have not confirmed: their link opens the page with the button.
    const pending = `pending-${lang}-${Date.now()}@example.org`;
    await ok(await server.fetch(`${prefix}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: pending, frequency: 'weekly', lang, ui_lang: lang }) }), `subscribe ${lang} (pending)`);
    const unconfirmed = link((await waitForEmail(server, (email) => email.to.includes(pending))).text, lang === 'zh' ? 'zh/confirm' : 'confirm');
    links[lang] = { confirm: unconfirmed, preferences: '', unsubscribe: '' };
  }

  // New since the readers confirmed: a seminar not yet held, in both languages.
  const upcoming = { en: 'seminar-on-due-diligence-in-cyberspace', zh: 'seminar-on-due-diligence-in-cyberspace-zh' };
  const day = dayFromNow(40);
  for (const version of SEMINAR) {
    const { name, location, organizers, participants, speakers, ...text } = version;
    const report = {
      ...text,
      slug: upcoming[version.lang === 'en' ? 'en' : 'zh'],
      translation_key: 'due-diligence-seminar',
      topics: ['due-diligence', 'international-law', 'sovereignty'],
      event: { kind: 'seminar', name, start: `${day}T09:00:00+08:00`, end: `${day}T17:00:00+08:00`, location, organizers, participants, speakers },
    };
    await ok(await server.fetch('/api/reports', { method: 'POST', headers: admin, body: JSON.stringify(report) }), `POST ${report.slug}`);
  }

  // What each reader would get now, with the links their emails carry.
  const email: Partial<Seeded['email']> = {};
  for (const lang of ['en', 'zh'] as const) {
    const preview = (await (await ok(await server.fetch(`/api/digests/preview?email=${encodeURIComponent(readers[lang])}`, { headers: admin }), `preview ${lang}`)).json()) as { subject: string | null; html: string | null; text: string | null };
    if (!preview.html || !preview.subject || !preview.text) throw new Error(`the ${lang} reader has no digest to preview: ${JSON.stringify(preview)}`);
    email[lang] = { subject: preview.subject, html: preview.html };
    links[lang]!.preferences = link(preview.text, `${lang === 'zh' ? 'zh/' : ''}preferences`);
    links[lang]!.unsubscribe = link(preview.text, `${lang === 'zh' ? 'zh/' : ''}unsubscribe`);
  }

  // The hourly cron after the next digest hour keeps the day's edition (and sends the digests).
  const due = nextDueAt('daily', 'UTC', Date.now(), { hour: 7, weekday: 1 })!;
  await ok(await server.cron(HOURLY, due + 60_000), 'hourly cron');
  const archive = await (await ok(await server.fetch('/digests'), 'GET /digests')).text();
  const edition = Number(/\/digests\/(\d+)"/.exec(archive)?.[1]);
  if (!edition) throw new Error(`the hourly cron kept no edition; /digests says:\n${archive}`);

  return { reports: { many: { en: manyEn.slug, zh: manyZh.slug }, upcoming }, topic: manyEn.input.topics[0]!, year, month, edition, links: links as Seeded['links'], email: email as Seeded['email'] };
}

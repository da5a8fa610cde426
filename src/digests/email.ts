import type { SiteConfig } from '../common/config.ts';
import { headerSafe } from '../common/email.ts';
import type { PublicReport } from '../reports/index.ts';
import type { Subscriber } from '../subscriptions/types.ts';
import { composeDigest, type DigestEntry } from './compose.ts';
import { type EmailTemplate, fillLinks, renderDigestEmail, renderInstantEmail, type SubscriberLinks } from './render-email.tsx';
import type { Run } from './run-store.ts';

/** A digest email rendered once; `fill` adds one subscriber's links and headers. */
export interface ComposedEmail {
  fill(links: SubscriberLinks): EmailTemplate & { headers: Record<string, string> };
}

const PERIOD_MS = { instant: 0, daily: 86_400_000, weekly: 7 * 86_400_000 } as const;

/** The window a run's email describes: the day or week up to its cut-off. */
export function windowOf(run: Run, reports: PublicReport[]): { since: number; until: number } {
  if (run.frequency !== 'instant') return { since: run.cutoff - PERIOD_MS[run.frequency], until: run.cutoff };
  const times = reports.map((r) => r.publicAt);
  return { since: Math.min(...times) - 1, until: Math.max(run.cutoff, ...times) };
}

/**
 * The web digest of the same window, topics, languages and followed search, in the
 * reader's interface language (/digest or /zh/digest): where "and N more" points. Readers
 * who follow different searches get different links, so their emails are composed apart.
 */
export function webDigestUrl(site: SiteConfig, window: { since: number; until: number }, subscriber: Pick<Subscriber, 'topics' | 'lang' | 'uiLang'> & { query?: string | null }): string {
  const query = new URLSearchParams({ since: new Date(window.since).toISOString(), until: new Date(window.until).toISOString() });
  for (const topic of subscriber.topics) query.append('topic', topic);
  if (subscriber.lang !== 'both') query.set('lang', subscriber.lang);
  if (subscriber.query) query.set('query', subscriber.query);
  return `${site.siteUrl}${subscriber.uiLang === 'zh' ? '/zh' : ''}/digest?${query}`;
}

/**
 * The headers bulk senders must carry (RFC 2369, RFC 8058): one-click unsubscribe by POST to
 * an https URL, and a stable list id. Values pass through `headerSafe`: no data-borne line
 * break ever starts a header.
 */
export function listHeaders(site: SiteConfig, links: SubscriberLinks): Record<string, string> {
  const host = new URL(site.siteUrl).hostname;
  return {
    'List-Unsubscribe': `<${headerSafe(links.unsubscribe)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${headerSafe(site.title).replace(/[<>]/g, '')} <digest.${host}>`,
  };
}

/**
 * Rendered templates this isolate keeps, across the batches of a run: each holds a whole
 * digest (tens of KB), so at most this many, least recently used dropped first.
 */
const MAX_TEMPLATES = 200;
const templates = new Map<string, EmailTemplate>();

/** Forgets every kept template (tests). */
export function forgetTemplates(): void {
  templates.clear();
}

/**
 * Returns a composer that renders each distinct digest (same run, reports, topics, language
 * and time zone) once while this isolate keeps it: the cost per subscriber is a template
 * fill. `renders` counts the renders this composer did.
 */
export function createComposer(site: SiteConfig, now: number): { compose: (run: Run, subscriber: Subscriber, reports: DigestEntry[]) => ComposedEmail; renders: () => number } {
  let renders = 0;
  const compose = (run: Run, subscriber: Subscriber, reports: DigestEntry[]): ComposedEmail => {
    const window = windowOf(run, reports);
    const webUrl = webDigestUrl(site, window, subscriber);
    // The subscriber's interface language, whatever the reports' languages.
    const lang = subscriber.uiLang;
    const key = JSON.stringify([site.siteUrl, site.names[lang].title, site.names[lang].short, site.accent, run.id, lang, subscriber.timeZone, webUrl, reports.map((r) => [r.seq, r.report.hash, r.versions ?? []])]);
    let template = templates.get(key);
    if (template) templates.delete(key);
    else {
      renders += 1;
      const digest = composeDigest(reports, { siteUrl: site.siteUrl, siteTitle: site.names[lang].title, lang, timeZone: subscriber.timeZone, readerZone: subscriber.timeZone, now, since: window.since, until: window.until, webUrl, edition: run.frequency });
      const brand = { name: site.names[lang].short, accent: site.accent };
      // An instant email is one report as it becomes public: its own template, no window.
      template = run.frequency === 'instant' ? renderInstantEmail(digest, brand) : renderDigestEmail(digest, brand);
      if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value!);
    }
    templates.set(key, template);
    const fixed = template;
    return { fill: (links) => ({ ...fillLinks(fixed, links), headers: listHeaders(site, links) }) };
  };
  return { compose, renders: () => renders };
}

import type { SiteConfig } from '../common/config.ts';
import { uiLanguage } from '../common/i18n/index.ts';
import { ALL } from '../common/scope.ts';
import { announcementOf, type Channel, type ChannelMessage, messageOf } from '../crossposts/index.ts';
import { composeDigest, type DigestEntry } from '../digests/compose.ts';
import { renderDigestEmail, renderInstantEmail } from '../digests/render-email.tsx';
import { buildFeedModel } from '../feeds/model.tsx';
import { renderAtom } from '../feeds/atom.ts';
import { renderJson } from '../feeds/json.ts';
import { renderRss } from '../feeds/rss.ts';
import type { PublicReport } from '../reports/index.ts';
import { ReportPage } from '../reports/page.tsx';
import type { Report } from '../reports/schema.ts';

/** One feed format's item: what a reader shows (title, date, summary, content) and the item exactly as the feed writes it. */
export interface FeedItemPreview {
  format: 'rss' | 'atom' | 'json';
  title: string;
  date: string;
  summary: string;
  contentHtml: string;
  source: string;
}

/** Everything a report becomes when it goes out. */
export interface Preview {
  /** The report page, a whole document (shown in a sandboxed frame). */
  page: string;
  feeds: FeedItemPreview[];
  instant: { subject: string; html: string; text: string };
  daily: { subject: string; html: string };
  channels: { channel: Pick<Channel, 'id' | 'type'>; message: ChannelMessage }[];
}

/** The first `<item>` / `<entry>` of a rendered feed, as it is written. */
function firstElement(xml: string, name: string): string {
  const start = xml.search(new RegExp(`<${name}[\\s>]`));
  const end = xml.indexOf(`</${name}>`, start);
  return start < 0 || end < 0 ? '' : xml.slice(start, end + name.length + 3);
}

/**
 * What `report` becomes, from the renderers that send it out: the report page
 * (`ReportPage`), its item in the RSS, Atom and JSON feeds (`buildFeedModel` and each
 * renderer), the instant email and the daily digest it would be in (`composeDigest`,
 * `renderInstantEmail`, `renderDigestEmail`, in the report's language), and the message
 * each enabled channel would post, cut to that channel's limit (`messageOf`). Pure: the
 * same report, neighbours, channels and `now` give the same preview.
 *
 * @param neighbours other reports of the day, which the daily digest would list with it
 */
export function previewOf(report: Report, site: SiteConfig, channels: readonly Channel[], now: number, neighbours: readonly PublicReport[] = []): Preview {
  const publicAt = Math.max(now, Date.parse(report.published));
  const page = `<!doctype html>${ReportPage({ report, site, translations: [], now })}`;
  const model = buildFeedModel(site, ALL, [report]);
  const item = model.items[0]!;
  const json = JSON.parse(renderJson(model)) as { items: Record<string, unknown>[] };
  const feeds: FeedItemPreview[] = [
    { format: 'rss', title: item.title, date: new Date(item.published).toUTCString(), summary: item.summary, contentHtml: item.contentHtml, source: firstElement(renderRss(model), 'item') },
    { format: 'atom', title: item.title, date: item.updated, summary: item.summary, contentHtml: item.contentHtml, source: firstElement(renderAtom(model), 'entry') },
    { format: 'json', title: item.title, date: item.published, summary: item.summary, contentHtml: item.contentHtml, source: JSON.stringify(json.items[0], null, 2) },
  ];

  const lang = uiLanguage(report.lang);
  const entry: DigestEntry = { report, publicAt, seq: Number.MAX_SAFE_INTEGER };
  const brand = { name: site.names[lang].short, accent: site.accent };
  const options = { siteUrl: site.siteUrl, siteTitle: site.names[lang].title, lang, timeZone: site.timeZone, now: publicAt, webUrl: `${site.siteUrl}/digest` };
  const instant = renderInstantEmail(composeDigest([entry], { ...options, since: publicAt - 1, until: publicAt, edition: 'instant' }), brand);
  const day = [...neighbours.filter((n) => n.report.slug !== report.slug), entry].sort((a, b) => b.publicAt - a.publicAt);
  const daily = renderDigestEmail(composeDigest(day, { ...options, since: publicAt - 86_400_000, until: publicAt + 1, edition: 'daily' }), brand);

  const announcement = announcementOf(report, site.siteUrl, publicAt);
  return {
    page,
    feeds,
    instant: { subject: instant.subject, html: instant.html, text: instant.text },
    daily: { subject: daily.subject, html: daily.html },
    channels: channels.filter((ch) => ch.enabled).map((ch) => ({ channel: { id: ch.id, type: ch.type }, message: messageOf(ch.type, ch.settings, announcement) })),
  };
}


import { displayWidth } from '../common/email.ts';
import { catalogue } from '../common/i18n/index.ts';
import type { Digest, DigestItem } from './compose.ts';
import { topicLabels } from './edition-name.ts';

function itemText(item: DigestItem, strings: ReturnType<typeof catalogue>['digest'], lang: string): string {
  // As wide as the title looks: a Han character takes two columns.
  const lines = [item.title, '='.repeat(Math.min(72, Math.max(3, displayWidth(item.title))))];
  if (item.kind === 'event') {
    lines.push(item.eventHeading ?? `${strings.label(item.eventKind ?? '')}${strings.afterLabel(item.eventName ?? '')}`);
    if (item.when) lines.push(`${strings.label(strings.when)}${strings.afterLabel(item.when)}`);
    if (item.where) lines.push(`${strings.label(strings.where)}${strings.afterLabel(item.where)}`);
    if (item.organizers.length > 0) lines.push(`${strings.label(strings.organizers)}${strings.afterLabel(strings.list(item.organizers))}`);
    if (item.speakers.length > 0) {
      lines.push(strings.label(strings.speakers));
      for (const s of item.speakers) lines.push(`  - ${strings.speaker(s.affiliation ? strings.affiliated(s.name, s.affiliation) : s.name, s.role)}`);
      if (item.moreSpeakers > 0) lines.push(`  - ${strings.moreSpeakers(item.moreSpeakers)}`);
    }
  } else {
    lines.push(strings.news);
  }
  if (item.only) lines.push(item.only);
  if (item.topics.length > 0) lines.push(`${strings.label(strings.topics)}${strings.afterLabel(strings.wordList(topicLabels(item.topics, lang)))}`);
  lines.push('', item.summary, '', strings.label(strings.read), item.url);
  for (const alternate of item.alternates ?? []) lines.push(strings.label(alternate.label), alternate.url);
  return lines.join('\n');
}

/** What an email's text opens with: the short name and the edition's name, then its introduction. */
export interface TextHeading {
  brand: string;
  name: string;
  intro: string;
}

/**
 * The digest as plain text: headings underlined, one fact per line, every URL on a line of
 * its own so mail clients make it a link. `limit` items in full, the rest counted with a
 * link to the web digest. `heading` opens an email (otherwise the digest's heading and its
 * window); `sections: false` leaves out the section headings (one report alone). `footer`
 * lines (links for the subscriber) end it.
 */
export function renderDigestText(digest: Digest, options: { limit?: number; footer?: string[]; heading?: TextHeading; sections?: boolean } = {}): string {
  const strings = catalogue(digest.lang).digest;
  const limit = options.limit ?? digest.items.length;
  const shown = digest.items.slice(0, limit);
  const parts = options.heading ? [`${options.heading.brand} · ${options.heading.name}`, options.heading.intro, ''] : [strings.heading(digest.siteTitle), digest.period, ''];
  if (digest.items.length === 0) parts.push(strings.empty);
  const upcoming = shown.filter((i) => i.upcoming);
  const rest = shown.filter((i) => !i.upcoming);
  const list = (items: DigestItem[]) => items.map((i) => itemText(i, strings, digest.lang)).join('\n\n\n');
  if (options.sections === false) parts.push(list(shown), '');
  else {
    if (upcoming.length > 0) parts.push(`## ${strings.upcoming}`, '', list(upcoming), '');
    if (rest.length > 0) parts.push(`## ${strings.past}`, '', list(rest), '');
  }
  const hidden = digest.items.length - shown.length;
  if (hidden > 0) parts.push(strings.label(strings.more(hidden)), digest.webUrl, '');
  if (options.footer && options.footer.length > 0) parts.push('--', ...options.footer);
  return `${parts.join('\n').trimEnd()}\n`;
}

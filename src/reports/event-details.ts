import { catalogue } from '../common/i18n/index.ts';
import type { ReportEvent } from './schema.ts';
import { eventTimeText } from '../common/event-time.ts';

/** The kinds' English labels (what `kindLabel(kind, 'en')` gives). */
export const KIND_LABEL: Record<ReportEvent['kind'], string> = catalogue('en').report.kinds;

/** An event kind's label in the language of `lang` (a BCP 47 tag; English without a catalogue). */
export function kindLabel(kind: string, lang = 'en'): string {
  const kinds: Record<string, string> = catalogue(lang).report.kinds;
  return kinds[kind] ?? kinds.other!;
}

/**
 * Where an event took place, in one line and in the language of `lang`: "Online", or
 * "Venue, City, Country"; in Chinese big to small, "中国武汉，珞珈山庄".
 */
export function placeOf(event: ReportEvent, lang = 'en'): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  return catalogue(lang).report.place(location.name, location.city, location.country, location.online === true);
}

/** The event's heading: `Workshop: name`; in Chinese `“name”论坛`, or the name alone when it says its kind. */
export function eventHeading(event: { kind: string; name: string }, lang = 'en'): string {
  return catalogue(lang).report.heading(kindLabel(event.kind, lang), event.name);
}

/**
 * An event in one line: kind (with its name, when given), dates, place. What lists and
 * announcements show: `Workshop · 12 August 2022 · Luojia Hall, Wuhan`; with `lang`, in
 * that language (`place` is given already in it: see {@link placeOf}).
 */
export function eventLine(event: { kind: string; name?: string; start: string; end?: string; timezone?: string; place?: string }, lang = 'en'): string {
  const kind = kindLabel(event.kind, lang);
  const head = event.name ? catalogue(lang).report.heading(kind, event.name) : kind;
  return [head, eventTimeText(event, lang), event.place].filter(Boolean).join(' · ');
}

/** A text as it is compared for repetition: compatibility forms folded, case, quotes, punctuation and spaces dropped. */
const comparable = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');

/**
 * True when the title already says the event's name ("Workshop on International Rule of
 * Law in Cyberspace" for the workshop of that name; "Forum “International Rules for
 * Cyberspace: Consensus and Prospects” at the 4th World Internet Conference" for the forum
 * named inside it): the page and the feed then do not say it again.
 */
export function titleSaysEvent(title: string | undefined, eventName: string): boolean {
  if (title === undefined) return false;
  const name = comparable(eventName);
  return name === '' || comparable(title).includes(name);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The event's facts (what, when, where, who) as a definition list, in the language of
 * `lang` (the report's): when and where on a line each, organizers and institutions as
 * lists, each speaker as rows of name, role and affiliation. The event's kind and name
 * ("Conference: World Internet Conference") are a row of their own only when `title` (the
 * report's) does not say the name already. Used both in the
 * report page's event panel and inside feed content, so readers of either see the same
 * details: it reads without a stylesheet (the rows of a speaker are lines). Written
 * without JSX so that the Node scripts (content sync), which store it with the report,
 * can load it; every text is escaped here.
 */
export function eventDetailsHtml(event: ReportEvent, lang = 'en', title?: string): string {
  const t = catalogue(lang).report;
  const place = placeOf(event, lang);
  const row = (term: string, value: string) => `<dt>${esc(term)}</dt><dd>${value}</dd>`;
  const list = (items: string[]) => `<ul>${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
  const speaker = (s: ReportEvent['speakers'][number]) =>
    [`<li><strong class="speaker-name">${esc(s.name)}</strong>`, `<span class="speaker-role">${esc(s.role)}</span>`, s.affiliation ? `<span class="speaker-affiliation">${esc(s.affiliation)}</span>` : '']
      .filter(Boolean)
      .join('<br>') + '</li>';
  return [
    '<dl class="event-facts">',
    titleSaysEvent(title, event.name) ? '' : row(kindLabel(event.kind, lang), esc(event.name)),
    row(t.when, esc(eventTimeText(event, lang))),
    place ? row(t.where, esc(place)) : '',
    event.organizers.length > 0 ? row(t.organizers, list(event.organizers)) : '',
    event.participants.length > 0 ? row(t.participants, list(event.participants)) : '',
    event.speakers.length > 0 ? row(t.speakers, `<ul class="speakers">${event.speakers.map(speaker).join('')}</ul>`) : '',
    '</dl>',
  ].join('');
}

import { raw } from 'hono/html';
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The event's facts (what, when, where, who) as a definition list, in the language of
 * `lang` (the report's): labels, dates, list separators and speaker lines. Used both on the
 * report's page and inside feed content, so readers of either see the same details.
 * Written without JSX so that the Node scripts (content sync), which store it with the
 * report, can load it; every text is escaped here.
 */
export function eventDetailsHtml(event: ReportEvent, lang = 'en'): string {
  const t = catalogue(lang).report;
  const place = placeOf(event, lang);
  const row = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`;
  const speakers = event.speakers.map((s) => `<li>${esc(t.speaker(s.name, s.role, s.affiliation))}</li>`).join('');
  return [
    `<section class="event"><h2>${esc(eventHeading(event, lang))}</h2><dl>`,
    row(esc(t.when), esc(eventTimeText(event, lang))),
    place ? row(esc(t.where), esc(place)) : '',
    event.organizers.length > 0 ? row(esc(t.organizers), esc(t.list(event.organizers))) : '',
    event.participants.length > 0 ? row(esc(t.participants), esc(t.list(event.participants))) : '',
    event.speakers.length > 0 ? row(esc(t.speakers), `<ul>${speakers}</ul>`) : '',
    '</dl></section>',
  ].join('');
}

/** {@link eventDetailsHtml} as a JSX child. */
export function EventDetails({ event, lang }: { event: ReportEvent; lang?: string }) {
  return raw(eventDetailsHtml(event, lang));
}

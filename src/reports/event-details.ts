import { raw } from 'hono/html';
import type { ReportEvent } from './schema.ts';
import { formatEventSpan } from './dates.ts';

export const KIND_LABEL: Record<ReportEvent['kind'], string> = {
  workshop: 'Workshop',
  conference: 'Conference',
  forum: 'Forum',
  lecture: 'Lecture',
  seminar: 'Seminar',
  meeting: 'Meeting',
  other: 'Event',
};

/** Where an event took place, in one line: "Online", or "Venue, City, Country". */
export function placeOf(event: ReportEvent): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const parts = [location.name, location.city, location.country].filter((part): part is string => Boolean(part));
  const unique = parts.filter((part, i) => parts.indexOf(part) === i);
  return unique.join(', ') + (location.online && !/online/i.test(location.name) ? ' (online)' : '');
}

/**
 * An event in one line: kind (with its name, when given), dates, place. What lists and
 * announcements show: `Workshop · 12 August 2022 · Luojia Hall, Wuhan`.
 */
export function eventLine(event: { kind: string; name?: string; start: string; end?: string; place?: string }): string {
  const kind = KIND_LABEL[event.kind as ReportEvent['kind']] ?? KIND_LABEL.other;
  return [event.name ? `${kind}: ${event.name}` : kind, formatEventSpan(event.start, event.end), event.place].filter(Boolean).join(' · ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The event's facts (what, when, where, who) as a definition list. Used both on the
 * report's page and inside feed content, so readers of either see the same details.
 * Written without JSX so that the Node scripts (content sync), which store it with the
 * report, can load it; every text is escaped here.
 */
export function eventDetailsHtml(event: ReportEvent): string {
  const place = placeOf(event);
  const row = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`;
  const speakers = event.speakers.map((s) => `<li>${esc(s.name)}${s.affiliation ? esc(`, ${s.affiliation}`) : ''} — ${esc(s.role)}</li>`).join('');
  return [
    `<section class="event"><h2>${esc(KIND_LABEL[event.kind])}: ${esc(event.name)}</h2><dl>`,
    row('When', esc(formatEventSpan(event.start, event.end))),
    place ? row('Where', esc(place)) : '',
    event.organizers.length > 0 ? row('Organized by', esc(event.organizers.join('; '))) : '',
    event.participants.length > 0 ? row('Participating institutions', esc(event.participants.join('; '))) : '',
    event.speakers.length > 0 ? row('Speakers', `<ul>${speakers}</ul>`) : '',
    '</dl></section>',
  ].join('');
}

/** {@link eventDetailsHtml} as a JSX child. */
export function EventDetails({ event }: { event: ReportEvent }) {
  return raw(eventDetailsHtml(event));
}

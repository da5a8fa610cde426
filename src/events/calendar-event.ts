import { zoneOffsetAt } from '../common/event-time.ts';
import { catalogue, uiLanguage } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { isIsoDate, toEpoch } from '../reports/dates.ts';
import { bodyOf } from '../reports/rendering.ts';
import type { Report, ReportEvent } from '../reports/schema.ts';
import { fnv1a } from '../reports/text.ts';
import { basicDate, type CalendarEvent, type CalendarTime, utcStamp } from './ics.ts';
import { placeIn } from './when.ts';

const DAY_MS = 86_400_000;

/** The day after `date` (YYYY-MM-DD): all-day ends are exclusive. */
function nextDay(date: string): string {
  return new Date(toEpoch(date) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The event's UID, from the report's permanent id (`tag:host,day:reports/slug`): it never
 * changes with the title, the dates or the site's address.
 */
export function eventUid(report: Report): string {
  const match = /^tag:([^,]+),(\d{4}-\d{2}-\d{2}):reports\/(.+)$/.exec(report.id);
  return match ? `${match[2]}-${match[3]}@${match[1]}` : `${fnv1a(report.id)}@herald`;
}

/**
 * Start and end in calendar terms. An all-day event (a date) ends the day after its last
 * day; a timed one (a date-time with an offset) is an instant, told in the event's time zone
 * when it names one (else in UTC), and may have no end. A date-time end of an all-day event
 * counts its day; a date end of a timed event, the end of that day (in the event's zone, or UTC).
 */
export function eventSpan(event: ReportEvent): Pick<CalendarEvent, 'start' | 'end'> {
  if (isIsoDate(event.start)) {
    const last = event.end ? event.end.slice(0, 10) : event.start;
    return { start: { date: event.start }, end: { date: nextDay(last < event.start ? event.start : last) } };
  }
  const zone = event.timezone ? { zone: event.timezone } : {};
  const start = { at: toEpoch(event.start), ...zone };
  if (!event.end) return { start };
  if (!isIsoDate(event.end)) return { start, end: { at: toEpoch(event.end), ...zone } };
  const midnight = toEpoch(event.end) + DAY_MS;
  return { start, end: { at: event.timezone ? midnight - zoneOffsetAt(event.timezone, midnight) * 60_000 : midnight, ...zone } };
}

/**
 * What a calendar shows of the event: summary, organizers, speakers with roles, the link,
 * labelled in the report's own language; `mark` (in the calendar's language) first.
 */
function descriptionOf(report: Report, event: ReportEvent, url: string, mark?: string): string {
  const t = catalogue(report.lang).events;
  const lines = mark ? [mark, '', bodyOf(report, url).summary] : [bodyOf(report, url).summary];
  if (event.organizers.length > 0) lines.push('', t.labelled(t.organizedBy, t.list(event.organizers)));
  if (event.speakers.length > 0) lines.push('', t.label(t.speakers), ...event.speakers.map((s) => `- ${t.speaker(s.name, s.affiliation, s.role)}`));
  lines.push('', url);
  return lines.join('\n');
}

/**
 * The report's event as a VEVENT; the report must have an event. `mark` says, in a
 * language's calendar, that the event is shown in another language ("仅英文").
 */
export function calendarEventOf(report: Report & { event: ReportEvent }, url: string, options: { mark?: string } = {}): CalendarEvent {
  const { event } = report;
  const updated = Math.max(Date.parse(report.updated), Date.parse(report.published));
  return {
    uid: eventUid(report),
    stamp: updated,
    ...eventSpan(event),
    summary: event.name,
    lang: report.lang,
    location: placeIn(report.lang, event),
    description: descriptionOf(report, event, url, options.mark),
    url,
    // Calendars show categories as they are: the topics' labels, in the report's language.
    categories: report.topics.map((topic) => topicLabel(topic, uiLanguage(report.lang))),
  };
}

/** A Google Calendar "create event" link with the event filled in. */
export function googleCalendarUrl(entry: CalendarEvent): string {
  const format = (value: CalendarTime) => ('date' in value ? basicDate(value.date) : utcStamp(value.at));
  const end = entry.end ?? ('date' in entry.start ? entry.start : { at: entry.start.at + 3_600_000 });
  const query = new URLSearchParams({ action: 'TEMPLATE', text: entry.summary, dates: `${format(entry.start)}/${format(end)}`, details: entry.description });
  // The times are UTC; `ctz` has the calendar show them in the event's zone.
  if ('zone' in entry.start && entry.start.zone) query.set('ctz', entry.start.zone);
  if (entry.location) query.set('location', entry.location);
  return `https://calendar.google.com/calendar/render?${query}`;
}

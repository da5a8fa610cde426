import type { ReportEvent } from '../report/schema.ts';
import { formatEventSpan } from '../report/dates.ts';

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
 * The event's facts (what, when, where, who) as a definition list. Used both on the
 * report's page and inside feed content, so readers of either see the same details.
 */
export function EventDetails({ event }: { event: ReportEvent }) {
  const place = placeOf(event);
  return (
    <section class="event">
      <h2>{KIND_LABEL[event.kind]}: {event.name}</h2>
      <dl>
        <dt>When</dt>
        <dd>{formatEventSpan(event.start, event.end)}</dd>
        {place && (
          <>
            <dt>Where</dt>
            <dd>{place}</dd>
          </>
        )}
        {event.organizers.length > 0 && (
          <>
            <dt>Organized by</dt>
            <dd>{event.organizers.join('; ')}</dd>
          </>
        )}
        {event.participants.length > 0 && (
          <>
            <dt>Participating institutions</dt>
            <dd>{event.participants.join('; ')}</dd>
          </>
        )}
        {event.speakers.length > 0 && (
          <>
            <dt>Speakers</dt>
            <dd>
              <ul>
                {event.speakers.map((speaker) => (
                  <li>
                    {speaker.name}
                    {speaker.affiliation ? `, ${speaker.affiliation}` : ''} — {speaker.role}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

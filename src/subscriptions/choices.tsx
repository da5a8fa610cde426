import type { DigestConfig } from '../common/config.ts';
import { catalogue } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { localParts } from '../digests/schedule.ts';
import type { Frequency, InterfaceLang, Subscriber } from './types.ts';

/** What a reader chose: what the confirmation and welcome emails and the pages repeat to them. */
export type Choices = Pick<Subscriber, 'frequency' | 'topics' | 'lang' | 'timeZone'> & { query?: string | null };

/** When briefs go out: DIGEST_HOUR and DIGEST_WEEKDAY. */
export type Schedule = Pick<DigestConfig, 'hour' | 'weekday'>;

/** The digest hour as a clock shows it: 7 → "07:00". */
const clockOf = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * The reader's choices as label and value, in their language: how often (with the hour and
 * weekday briefs come at, their time), the search they follow (only when there is one),
 * topics by their labels (or "All topics"), the language of the reports, the time zone.
 */
export function describeChoices(choices: Choices, lang: InterfaceLang, schedule: Schedule): { label: string; value: string }[] {
  const t = catalogue(lang).subscriptions;
  const often = choices.frequency === 'instant' ? t.schedule.instant : choices.frequency === 'daily' ? t.schedule.daily(clockOf(schedule.hour)) : t.schedule.weekly(schedule.weekday, clockOf(schedule.hour));
  const topics = choices.topics.length === 0 ? t.allTopics : catalogue(lang).digest.wordList(choices.topics.map((topic) => topicLabel(topic, lang)));
  return [
    { label: t.choices.frequency, value: often },
    ...(choices.query ? [{ label: t.choices.query, value: t.quoted(choices.query) }] : []),
    { label: t.choices.topics, value: topics },
    { label: t.choices.lang, value: t.langs[choices.lang] },
    { label: t.choices.timeZone, value: choices.timeZone },
  ];
}

/**
 * When the first email comes: for instant, with the next report; for a brief, at `due` (its
 * first due time), named "today", "tomorrow" or by its day on the reader's calendar, at the
 * hour on their clock, with a note that empty briefs are not sent.
 */
export function firstEmail(frequency: Frequency, due: number | null, now: number, timeZone: string, lang: InterfaceLang): { line: string; note: string | null } {
  const t = catalogue(lang).subscriptions;
  if (frequency === 'instant' || due === null) return { line: t.firstEmail.instant, note: null };
  const d = catalogue(lang).digest;
  const day = (ms: number) => {
    const p = localParts(ms, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day);
  };
  const days = Math.round((day(due) - day(now)) / 86_400_000);
  const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : 'later';
  const line = frequency === 'daily' ? t.firstEmail.daily : t.firstEmail.weekly;
  return { line: line(when, d.dayDate(due, timeZone), d.clock(due, timeZone)), note: t.onlyWhenNew };
}

/** The choices as a definition list, on the confirm, confirmed and preferences pages. */
export function ChoicesList({ choices, lang, schedule, heading }: { choices: Choices; lang: InterfaceLang; schedule: Schedule; heading?: string }) {
  return (
    <section class="choices" aria-label={heading ?? catalogue(lang).subscriptions.choices.heading}>
      {heading && <h2>{heading}</h2>}
      <dl>
        {describeChoices(choices, lang, schedule).map((row) => (
          <div>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

import * as z from 'zod';
import { isTimeZone } from '../common/config.ts';
import { offsetDisagreement } from '../common/event-time.ts';
import type { FieldError } from '../common/problem.ts';
import { isIsoDate, isIsoDateTime, toEpoch } from './dates.ts';
import { isTopic, MAX_TOPIC_LENGTH, normalizeTopic } from '../common/scope.ts';
import { hasForbiddenChar, isSlug, normalizeLines, oneLine } from './text.ts';

/** Largest Markdown body a report may have, in UTF-8 bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

const clean = (text: string) => !hasForbiddenChar(text);
const CONTROL = 'must not contain control characters, non-characters or unpaired surrogates';

/** A single line of text: whitespace collapsed, 1 to `max` characters. */
/** What reads as an HTML end tag in text. */
const END_TAG = /<\/[A-Za-z][\w-]*\s*>/;

const line = (max: number) =>
  z
    .string()
    .refine(clean, CONTROL)
    .transform(oneLine)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

const topic = z
  .string()
  .transform(normalizeTopic)
  .pipe(
    z
      .string()
      .max(MAX_TOPIC_LENGTH, `must be at most ${MAX_TOPIC_LENGTH} characters`)
      .refine(isTopic, 'must be letters and digits joined by single hyphens, e.g. "cyber-sovereignty"'),
  );

const eventTime = z
  .string()
  .refine((v) => isIsoDate(v) || isIsoDateTime(v), 'must be a date (YYYY-MM-DD) or a date-time with an offset (YYYY-MM-DDThh:mm+08:00)');

const lang = z.string().transform((value, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(value.trim());
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as "en" or "zh-Hans"' });
  return z.NEVER;
});

/** An IANA time zone (`Asia/Shanghai`), as Intl spells it (`asia/shanghai` is stored as `Asia/Shanghai`). */
const timeZone = z
  .string()
  .refine((v) => isTimeZone(v.trim()), 'must be an IANA time zone such as "Asia/Shanghai" or "Europe/London"')
  .transform((v) => new Intl.DateTimeFormat('en', { timeZone: v.trim() }).resolvedOptions().timeZone);

/** Where a report comes from: a file in content/reports/, or the desk (the API). */
export const REPORT_SOURCES = ['file', 'desk'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

/** Kinds of governance event a report can describe. */
export const EVENT_KINDS = ['workshop', 'conference', 'forum', 'lecture', 'seminar', 'meeting', 'other'] as const;

const eventSchema = z
  .strictObject({
    kind: z.enum(EVENT_KINDS),
    name: line(300),
    start: eventTime,
    end: eventTime.optional(),
    /** Where the event's times are told: shown in this zone, named; without it, at the offset they were written with. */
    timezone: timeZone.optional(),
    location: z
      .strictObject({
        name: line(300),
        city: line(120).optional(),
        country: line(120).optional(),
        online: z.boolean().optional(),
      })
      .optional(),
    organizers: z.array(line(300)).max(50).default([]),
    participants: z.array(line(300)).max(200).default([]),
    speakers: z
      .array(z.strictObject({ name: line(200), role: line(200), affiliation: line(300).optional() }))
      .max(200)
      .default([]),
  })
  .refine((e) => e.end === undefined || toEpoch(e.end) >= toEpoch(e.start), { message: 'must not be before start', path: ['end'] })
  .superRefine((e, ctx) => {
    // A time written at another offset than its zone's is a slip: which of the two is meant cannot be told.
    if (!e.timezone || !isTimeZone(e.timezone)) return;
    for (const field of ['start', 'end'] as const) {
      const value = e[field];
      const offset = value === undefined ? undefined : offsetDisagreement(value, e.timezone);
      if (offset) ctx.addIssue({ code: 'custom', path: [field], message: `has another offset than ${e.timezone} has at that time (${offset}): write it with ${offset}, or in UTC (Z)` });
    }
  });

/**
 * The media types an attachment may have: the kinds the site keeps as media (PDF, PNG, JPEG,
 * WebP, GIF). A closed list rather than any `type/subtype`: each has a name readers know on
 * the page ("PDF", "PNG image"), feed readers and validators know them, and a link the page
 * and the feeds offer as a download cannot be declared `text/html`.
 */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/** The most attachments a report may have. */
export const MAX_ATTACHMENTS = 20;

const attachmentSchema = z.strictObject({
  /** Absolute http(s), the site's own media or elsewhere; stored as the URL parser writes it, so feeds carry a valid URI. */
  url: httpUrl.transform((value) => new URL(value).href),
  // Text, which feeds carry in an attribute: validators take an end tag such as `</b>` in one for markup.
  title: line(300).refine((title) => !END_TAG.test(title), 'must not contain markup such as </b>'),
  type: z.enum(ATTACHMENT_TYPES, { error: () => `must be one of ${ATTACHMENT_TYPES.join(', ')}` }),
  /** Its size in bytes: RSS and Atom enclosures carry it, the page shows it. */
  length: z.number().int('must be a whole number of bytes').positive('must be a positive number of bytes'),
});

/**
 * A report as an editor writes it (Markdown front matter or admin API JSON), normalized:
 * whitespace collapsed, topics lower-cased, language canonical. Server-kept fields
 * (`updated`, `id`, `created`, `stale`, `translations`, `became_public`, `quiet`, `quiet_reason`)
 * are accepted so a fetched report can be sent back, and ignored.
 */
export const reportInputSchema = z.strictObject({
  slug: z.string().max(100, 'must be at most 100 characters').refine(isSlug, 'must be lower-case letters and digits joined by single hyphens').optional(),
  title: line(300),
  summary: z.string().refine(clean, CONTROL).transform(oneLine).pipe(z.string().max(1000, 'must be at most 1000 characters')).optional(),
  body: z
    .string()
    .refine(clean, CONTROL)
    .refine((b) => new TextEncoder().encode(b).length <= MAX_BODY_BYTES, 'must be at most 1 MiB')
    .transform(normalizeLines)
    .pipe(z.string().min(1, 'must not be empty')),
  lang: lang.default('en'),
  /** Names the piece this report is one language's version of: every report with the same key is the same piece. */
  translation_key: z
    .string()
    .max(80, 'must be at most 80 characters')
    .refine(isSlug, 'must be lower-case letters, digits and single hyphens, e.g. "2022-rule-of-law-workshop"')
    .optional(),
  topics: z
    .array(topic)
    .max(20, 'must have at most 20 topics')
    .default([])
    .transform((topics) => [...new Set(topics)]),
  published: z
    .string()
    .refine(
      (v) => (isIsoDate(v) || isIsoDateTime(v)) && toEpoch(v) >= Date.UTC(1900, 0, 1) && toEpoch(v) < Date.UTC(3000, 0, 1),
      'must be an ISO 8601 date or date-time with an offset, between 1900 and 2999',
    )
    .transform((v) => new Date(toEpoch(v)).toISOString())
    .optional(),
  draft: z.boolean().default(false),
  /**
   * Announce it as new (instant email, digest item, cross-post) even when it would be recorded
   * quietly: published more than 30 days before it is first stored, or part of the first sync.
   * Read once, when the report first becomes public; false or absent: those rules decide.
   */
  announce: z.boolean().optional(),
  // A name is text, and Atom has no way to say otherwise: feed readers and validators take
  // an end tag such as `</b>` in one for markup, so a name cannot hold one.
  authors: z.array(z.strictObject({ name: line(200).refine((name) => !END_TAG.test(name), 'must not contain markup such as </b>'), url: httpUrl.optional() })).max(20).default([]),
  event: eventSchema.optional(),
  /**
   * Where the report is kept: 'file' (content/reports/, written by content:sync, which
   * `--prune` deletes when its file is gone) or 'desk' (made through the API or the desk,
   * never pruned). Absent: the write path decides (the API takes it for 'desk').
   */
  source: z.enum(REPORT_SOURCES, 'must be "file" or "desk"').optional(),
  /**
   * Files offered with the report: downloads on its page, enclosures in its feeds. An empty
   * list is no list, so a report stored before attachments existed keeps its hash.
   */
  attachments: z
    .array(attachmentSchema)
    .max(MAX_ATTACHMENTS, `must have at most ${MAX_ATTACHMENTS} attachments`)
    .transform((list) => (list.length > 0 ? list : undefined))
    .optional(),
  updated: z.unknown().optional(),
  created: z.unknown().optional(),
  id: z.unknown().optional(),
  stale: z.unknown().optional(),
  translations: z.unknown().optional(),
  became_public: z.unknown().optional(),
  quiet: z.unknown().optional(),
  quiet_reason: z.unknown().optional(),
});

/** Fields the server keeps and shows, accepted back (a fetched report can be sent again) and ignored. */
type ServerKept = 'updated' | 'created' | 'id' | 'stale' | 'translations' | 'became_public' | 'quiet' | 'quiet_reason';

export type ReportInput = Omit<z.output<typeof reportInputSchema>, ServerKept>;
/** A report as sent to the admin API or written in front matter, before defaults apply. */
export type ReportJson = z.input<typeof reportInputSchema>;
export type ReportEvent = NonNullable<ReportInput['event']>;
/** A file offered with a report: `{ url, title, type, length }`. */
export type Attachment = z.output<typeof attachmentSchema>;

/** A stored report: the input plus what the server keeps. */
export interface Report extends ReportInput {
  slug: string;
  published: string;
  /** Permanent feed id, minted when the report is first stored. */
  id: string;
  created: string;
  updated: string;
  /** Hash of the normalized input: an unchanged write changes nothing. */
  hash: string;
  /** The body rendered when it was saved (absent on reports stored before this existed). */
  rendered?: BodyRendering;
}

export type ParseResult = { ok: true; value: ReportInput } | { ok: false; errors: FieldError[] };

/** Validates `data` as a report; errors name each field at fault by its dotted path. */
export function parseReportInput(data: unknown): ParseResult {
  const result = reportInputSchema.safeParse(data, { error: typeMessage });
  if (!result.success) return { ok: false, errors: toFieldErrors(result.error) };
  const { updated: _u, created: _c, id: _i, stale: _s, translations: _t, became_public: _b, quiet: _q, quiet_reason: _r, ...value } = result.data;
  return { ok: true, value };
}

/** Plain words for a value of the wrong type, or a missing one. */
export function typeMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`;
  return `must be ${expected}`;
}

/** Turns zod's issues into field errors; an unknown key is reported under its own name. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...base, key].join('.'), message: 'is not a known field' }));
    }
    return [{ field: base.join('.') || '(body)', message: issue.message }];
  });
}

/** A body rendered for one page address: sanitized HTML and the summary shown with it. */
export interface BodyRendering {
  /** The report page the HTML's relative links were resolved against. */
  url: string;
  /** {@link RENDERING_VERSION} of the pipeline that produced it. */
  version: number;
  html: string;
  /** The editor's summary, or the lead of the body. */
  summary: string;
  /** The event's facts as HTML (`eventDetailsHtml`), '' without an event; absent in renderings stored before it was kept. */
  eventHtml?: string;
  /** UTF-8 bytes of `eventHtml` and `html` together (absent in older renderings). */
  bytes?: number;
  /** `eventHtml` and `html` hold no `]]>` and no character XML forbids: a CDATA section takes them as they are. */
  cdataSafe?: boolean;
}

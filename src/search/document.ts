import { renderMarkdown } from '../reports/markdown.ts';
import type { Report } from '../reports/schema.ts';
import { facetWords } from './facets.ts';
import { indexText } from './tokens.ts';

/**
 * Bump when what the index holds of a report changes (the tokens, the fields, their
 * weights): every report is then written into the index again on its next save, and
 * `POST /api/search/reindex` redoes them all at once.
 */
export const SEARCH_VERSION = 3;

/** How much of a body is searched and kept for snippets, in characters: a report longer than this is found by its opening. */
export const MAX_INDEXED_CHARS = 100_000;

/** The indexed fields, in the order of the FTS5 table's columns, with their BM25 weights; `facets` holds the filter words (facets.ts). */
export const FIELDS = ['title', 'summary', 'people', 'body', 'facets'] as const;
export const WEIGHTS: Record<(typeof FIELDS)[number], number> = { title: 10, summary: 5, people: 3, body: 1, facets: 0 };

/** The columns a reader's words are looked for in: every field but the filter words. */
export const TEXT_COLUMNS = `{${FIELDS.filter((f) => f !== 'facets').join(' ')}}`;

/** One report as the index holds it: what is searched, what is filtered on, what a result shows. */
export interface SearchDocument {
  slug: string;
  /** The primary language subtag: `en`, `zh`. */
  lang: string;
  /** Epoch ms: a report is found only once this has passed (a scheduled one waits). */
  published: number;
  kind: string | null;
  topics: string[];
  title: string;
  /** The plain text snippets are cut from: the summary, then the body. */
  excerpt: string;
  /** The event, JSON, for the result's event line; null without one. */
  event: string | null;
  /** The report's content hash and {@link SEARCH_VERSION}: an unchanged report is not indexed again. */
  hash: string;
  /** The token text of each field (see tokens.ts). */
  fields: Record<(typeof FIELDS)[number], string>;
}

/** The names, roles and affiliations of the event's people, its organizers, participants, name and place, and the authors. */
function peopleOf(report: Report): string {
  const event = report.event;
  const parts: string[] = report.authors.map((a) => a.name);
  if (event) {
    parts.push(event.name);
    for (const speaker of event.speakers) parts.push(speaker.name, speaker.role, speaker.affiliation ?? '');
    parts.push(...event.organizers, ...event.participants);
    if (event.location) parts.push(event.location.name, event.location.city ?? '', event.location.country ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

/**
 * The body's text as snippets show it: one block (paragraph, heading, list item) a line, a
 * line that does not end in punctuation (a heading) followed by a middle dot, so a snippet
 * that runs across it reads "Programme · The morning session", not "Programme The morning".
 */
export function excerptText(lines: string): string {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (/[\p{P}\p{S}]$/u.test(line) ? line : `${line} ·`))
    .join('\n');
}

/** The hash that says whether a stored document is this version of this report. */
export const documentHash = (report: Report) => `${SEARCH_VERSION}:${report.hash}:${report.published}`;

/**
 * What the index holds of `report`, or null when it is not to be found at all (a draft).
 * A scheduled report is indexed with its future time and found once that time has passed.
 * Pure: the same report always gives the same document.
 */
export function searchDocumentOf(report: Report): SearchDocument | null {
  if (report.draft) return null;
  const body = renderMarkdown(report.body, `https://search.invalid/reports/${report.slug}`).text.slice(0, MAX_INDEXED_CHARS);
  const summary = report.summary ?? '';
  const lang = report.lang.split('-')[0]!.toLowerCase();
  const published = Date.parse(report.published);
  const kind = report.event?.kind ?? null;
  return {
    slug: report.slug,
    lang,
    published,
    kind,
    topics: report.topics,
    title: report.title,
    excerpt: excerptText(summary ? `${summary}\n${body}` : body),
    event: report.event ? JSON.stringify(report.event) : null,
    hash: documentHash(report),
    fields: { title: indexText(report.title), summary: indexText(summary), people: indexText(peopleOf(report)), body: indexText(body), facets: facetWords({ lang, kind, topics: report.topics, published }) },
  };
}

import { renderMarkdown } from './markdown.ts';
import type { BodyRendering, Report, ReportEvent } from './schema.ts';

export type { BodyRendering };
import { eventDetailsHtml } from './event-details.ts';
import { leadOf } from './summary.ts';
import { hasForbiddenChar, utf8Length } from './text.ts';

/**
 * Raise when a change to the Markdown pipeline (markdown-it options, sanitizer allow-list,
 * link rewriting, summary rule, the event details' markup or wording) changes its output:
 * stored renderings of another version are then rendered afresh instead of served (see
 * {@link bodyOf}), and stored anew at the report's next save, even one that changes nothing.
 *
 * 2: the event details are in the report's own language (they were English for every report).
 * 3: the event details are the report page's event panel: lists of institutions, a speaker's
 *    name, role and affiliation as rows, the event's name only where the title does not say it.
 * 4: the event's time follows the one rule (src/common/event-time.ts): its zone named, same-day ranges collapsed.
 */
export const RENDERING_VERSION = 4;

/** Renders a report's body (Markdown → sanitized HTML), its summary and its event's facts (in the report's language), in one parse. */
export function renderBody(report: { title: string; body: string; summary?: string; event?: ReportEvent; lang: string }, url: string): BodyRendering {
  const { html, text } = renderMarkdown(report.body, url);
  const eventHtml = eventHtmlOf(report.event, report.lang, report.title);
  const both = eventHtml + html;
  return { url, version: RENDERING_VERSION, html, summary: report.summary || leadOf(text), eventHtml, bytes: utf8Length(both), cdataSafe: !both.includes(']]>') && !hasForbiddenChar(both) };
}

/** The event's facts as HTML in the language of `lang` (the report's), as the report page and feed content show them; `title` is the report's (see {@link eventDetailsHtml}). */
export function eventHtmlOf(event: ReportEvent | undefined, lang = 'en', title?: string): string {
  return event ? eventDetailsHtml(event, lang, title) : '';
}

/** True when `stored` was rendered for `url` by this version of the pipeline: it can be served as it is. */
export function isCurrentRendering(stored: BodyRendering | undefined, url: string): stored is BodyRendering {
  return stored?.url === url && stored.version === RENDERING_VERSION;
}

/**
 * The report's rendering for `url`: the one stored when it was saved, so feeds and pages
 * never render Markdown on a request, or a fresh one if the site's address or the pipeline
 * changed since.
 */
export function bodyOf(report: Report, url: string): BodyRendering {
  const stored = report.rendered;
  return isCurrentRendering(stored, url) ? stored : renderBody(report, url);
}

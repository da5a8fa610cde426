import { renderMarkdown } from './markdown.ts';
import type { Report } from './schema.ts';
import { leadOf } from './summary.ts';

/**
 * Raise when a change to the Markdown pipeline (markdown-it options, sanitizer allow-list,
 * link rewriting, summary rule) changes its output: stored renderings of another version
 * are then rendered afresh instead of served.
 */
export const RENDERING_VERSION = 1;

/** A body rendered for one page address: sanitized HTML and the summary shown with it. */
export interface BodyRendering {
  /** The report page the HTML's relative links were resolved against. */
  url: string;
  /** {@link RENDERING_VERSION} of the pipeline that produced it. */
  version: number;
  html: string;
  /** The editor's summary, or the lead of the body. */
  summary: string;
}

/** Renders a report's body (Markdown → sanitized HTML) and its summary, in one parse. */
export function renderBody(report: { body: string; summary?: string }, url: string): BodyRendering {
  const { html, text } = renderMarkdown(report.body, url);
  return { url, version: RENDERING_VERSION, html, summary: report.summary || leadOf(text) };
}

/**
 * The report's rendering for `url`: the one stored when it was saved, so feeds and pages
 * never render Markdown on a request, or a fresh one if the site's address or the pipeline
 * changed since.
 */
export function bodyOf(report: Report, url: string): BodyRendering {
  const stored = report.rendered;
  return stored?.url === url && stored.version === RENDERING_VERSION ? stored : renderBody(report, url);
}

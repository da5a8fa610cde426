import { renderMarkdown } from './markdown.ts';
import type { Report } from './schema.ts';
import { leadOf } from './summary.ts';

/** A body rendered for one page address: sanitized HTML and the summary shown with it. */
export interface BodyRendering {
  /** The report page the HTML's relative links were resolved against. */
  url: string;
  html: string;
  /** The editor's summary, or the lead of the body. */
  summary: string;
}

/** Renders a report's body (Markdown → sanitized HTML) and its summary, in one parse. */
export function renderBody(report: { body: string; summary?: string }, url: string): BodyRendering {
  const { html, text } = renderMarkdown(report.body, url);
  return { url, html, summary: report.summary || leadOf(text) };
}

/**
 * The report's rendering for `url`: the one stored when it was saved, so feeds and pages
 * never render Markdown on a request, or a fresh one if the site's address changed since.
 */
export function bodyOf(report: Report, url: string): BodyRendering {
  return report.rendered?.url === url ? report.rendered : renderBody(report, url);
}

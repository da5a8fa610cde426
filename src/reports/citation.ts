import type { SiteConfig } from '../common/config.ts';
import { catalogue, uiLanguage } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import { reportUrl } from '../common/urls.ts';
import type { Report } from './schema.ts';

/**
 * Raise when what the citation files or tags say changes (fields, escaping, order): their
 * ETags then change with it.
 */
export const CITATION_VERSION = 1;

/** What a reference to a report holds, whatever the format it is written in. */
export interface Citation {
  /** The report's slug: the BibTeX key and the files' names. */
  key: string;
  /** The authors' names; a report that names none is the institution's own (its `SITE_AUTHOR`). */
  authors: string[];
  /** True when {@link authors} is the institution standing in for named authors. */
  corporate: boolean;
  title: string;
  /** Who issued the report: the institute's name in the report's language. */
  institution: string;
  /** The publication time, ISO 8601 (UTC). */
  published: string;
  url: string;
  /** The report's language tag (`en`, `zh-Hans`). */
  lang: string;
  abstract: string;
  /** The topics' labels in the report's language. */
  keywords: string[];
}

/** The citation of a public report; `summary` is its rendered summary (the editor's, or the lead of its body). */
export function citationOf(report: Report, site: Pick<SiteConfig, 'siteUrl' | 'names' | 'author'>, summary: string): Citation {
  const lang = uiLanguage(report.lang);
  const corporate = report.authors.length === 0;
  return {
    key: report.slug,
    authors: corporate ? [site.author] : report.authors.map((a) => a.name),
    corporate,
    title: report.title,
    institution: site.names[lang].title,
    published: report.published,
    url: reportUrl(site, report.slug),
    lang: report.lang,
    abstract: summary,
    keywords: report.topics.map((topic) => topicLabel(topic, lang)),
  };
}

/** The report cited in running text, as the page's "Cite this" box shows it, in the report's language. */
export function formattedCitation(c: Citation): string {
  return catalogue(c.lang).report.citation(c.authors, c.title, c.institution, Date.parse(c.published), c.url);
}

/** Any line break (and the other characters a reader takes for one) as one space: a value stays on its line. */
const oneLine = (text: string) => text.replace(/[\r\n\v\f\u0085\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();

/** `YYYY`, `MM`, `DD` of the publication day (UTC, as the page shows it). */
function dayParts(iso: string): [string, string, string] {
  const day = new Date(Date.parse(iso)).toISOString().slice(0, 10);
  return [day.slice(0, 4), day.slice(5, 7), day.slice(8, 10)];
}

/** `citation_publication_date` and RIS `DA`: `2022/08/12`. */
export function slashedDay(iso: string): string {
  return dayParts(iso).join('/');
}

/** The Google Scholar tags (Highwire Press names) of a report, as `[name, content]` in document order. */
export function scholarTags(c: Citation): [string, string][] {
  const tags: [string, string][] = [
    ['citation_title', c.title],
    ...c.authors.map((name): [string, string] => ['citation_author', name]),
    ['citation_publication_date', slashedDay(c.published)],
    ['citation_technical_report_institution', c.institution],
    ['citation_language', c.lang.split('-')[0]!.toLowerCase()],
    ['citation_abstract_html_url', c.url],
    ...(c.keywords.length > 0 ? [['citation_keywords', c.keywords.join('; ')] as [string, string]] : []),
  ];
  return tags.map(([name, content]) => [name, oneLine(content)]);
}

/**
 * Text as a BibTeX field holds it: LaTeX's special characters escaped. Braces become
 * `\textbraceleft{}` and `\textbraceright{}` rather than `\{` and `\}`: BibTeX counts every
 * brace, escaped or not, so a lone `\{` would end the field early or swallow the next.
 * Other text (Chinese, accents, typographic quotes) stays UTF-8, as biber and modern
 * BibTeX read it.
 */
export function bibtexText(text: string): string {
  return oneLine(text).replace(/[\\{}%&$#_~^]/g, (ch) => BIBTEX_ESCAPES[ch]!);
}

const BIBTEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * A name in a BibTeX `author` list. BibTeX splits the list at every " and " and reads a
 * comma as "Last, First": a name holding either, and the institution standing in for
 * authors, is braced whole so it stays one name, printed as written.
 */
function bibtexName(name: string, corporate: boolean): string {
  const text = bibtexText(name);
  return corporate || /\sand\s|,/i.test(name) ? `{${text}}` : text;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The report as a BibTeX `@techreport` entry (UTF-8, LF line ends). */
export function toBibtex(c: Citation): string {
  const [year, month, day] = dayParts(c.published);
  const fields: [string, string][] = [
    ['author', `{${c.authors.map((name) => bibtexName(name, c.corporate)).join(' and ')}}`],
    // Double braces keep the title's capitals as written (styles lower-case titles otherwise).
    ['title', `{{${bibtexText(c.title)}}}`],
    ['institution', `{${bibtexText(c.institution)}}`],
    ['year', `{${year}}`],
    ['month', MONTHS[Number(month) - 1]!],
    ['date', `{${year}-${month}-${day}}`],
    // A URL is taken verbatim by the url package: not escaped, but never with a brace.
    ['url', `{${oneLine(c.url).replace(/[{}]/g, (b) => (b === '{' ? '%7B' : '%7D'))}}`],
    ...(c.keywords.length > 0 ? [['keywords', `{${c.keywords.map(bibtexText).join(', ')}}`] as [string, string]] : []),
    ['abstract', `{${bibtexText(c.abstract)}}`],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  return `@techreport{${c.key},\n${fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n')}\n}\n`;
}

/**
 * The report as an RIS record (`TY  - RPRT` … `ER  - `), lines ended by CRLF as the format
 * asks. Every value is put on one line, so no text can end the record or start a tag.
 */
export function toRis(c: Citation): string {
  const [year] = dayParts(c.published);
  const lines: [string, string][] = [
    ['TY', 'RPRT'],
    ['TI', c.title],
    ...c.authors.map((name): [string, string] => ['AU', name]),
    ['PY', year],
    ['DA', `${slashedDay(c.published)}/`],
    ['PB', c.institution],
    ['LA', c.lang],
    ['UR', c.url],
    ...c.keywords.map((label): [string, string] => ['KW', label]),
    ['AB', c.abstract],
    ['ER', ''],
  ];
  return lines.map(([tag, value]) => `${tag}  - ${oneLine(value)}`).join('\r\n') + '\r\n';
}

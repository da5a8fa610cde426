import { readFileSync } from 'node:fs';
import { extractFromXml, type FeedEntry } from '@extractus/feed-extractor';
import { decodeHTMLStrict, decodeXML } from 'entities';
import { validateXML, type XMLValidationError } from 'xmllint-wasm';

/** Room for feeds of a few MB (xmllint-wasm's default memory is 32 MiB). */
const MEMORY = { initialMemoryPages: 2048, maxMemoryPages: 8192 };

function messages(errors: ReadonlyArray<XMLValidationError>): string[] {
  return errors.map((error) => error.rawMessage);
}

/** xmllint's complaints about `xml` as XML 1.0: none when it is well-formed. */
export async function wellFormednessErrors(xml: string, fileName: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName, contents: xml }, normalization: 'format', ...MEMORY });
  return result.valid ? [] : messages(result.errors);
}

const ATOM_RNG = readFileSync(new URL('./schemas/atom.rng', import.meta.url), 'utf8');

/** xmllint's complaints about `xml` against RFC 4287's RELAX NG grammar (Appendix B): none when it conforms. */
export async function atomGrammarErrors(xml: string, fileName: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName, contents: xml }, schema: { fileName: 'atom.rng', contents: ATOM_RNG }, extension: 'relaxng', ...MEMORY });
  return result.valid ? [] : messages(result.errors);
}

/** A node of the tree fast-xml-parser builds: attributes are `@_name`, text is `#text`. */
export type XmlValue = string | number | boolean | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue | undefined;
}

function isObject(value: XmlValue | undefined): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every child element `name` of `node` (a repeated element is an array, a single one is not). */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  if (!isObject(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The one child element `name`, or undefined. */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  return children(node, name)[0];
}

/** The text of an element, decoded. */
export function text(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isObject(node)) {
    const value = node['#text'];
    return value === undefined ? '' : String(value);
  }
  return undefined;
}

/** The value of attribute `name` of an element, or undefined. */
export function attr(node: XmlValue | undefined, name: string): string | undefined {
  if (!isObject(node)) return undefined;
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

/** A feed as @extractus/feed-extractor reads it: its normalized entries and the raw XML tree. */
export interface ExtractedFeed {
  entries: FeedEntry[];
  /** `<feed>` (Atom) or `<channel>` (RSS). */
  root: XmlObject;
  /** `<entry>` (Atom) or `<item>` (RSS) elements, in document order. */
  items: XmlObject[];
}

/**
 * Parses an RSS or Atom document with @extractus/feed-extractor (fast-xml-parser), which
 * throws on XML that is not well-formed, such as a bare `&`.
 */
export function extractFeed(xml: string): ExtractedFeed {
  let root: XmlObject | undefined;
  const items: XmlObject[] = [];
  const feed = extractFromXml(xml, {
    descriptionMaxLen: 0,
    // htmlEntities: without it fast-xml-parser leaves character references such as `&#x26;`
    // undecoded, which XML 1.0 does not allow; titles with `&` or `<` use them (RSS Profile).
    xmlParserOptions: { parseTagValue: false, parseAttributeValue: false, htmlEntities: true },
    getExtraFeedFields: (raw) => {
      root = raw as XmlObject;
      return {};
    },
    getExtraEntryFields: (raw) => {
      items.push(raw as XmlObject);
      return {};
    },
  });
  if (!root) throw new Error('feed-extractor did not report the feed element');
  return { entries: feed.entries ?? [], root, items };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references of HTML text (named ones a sanitizer emits, and numeric). */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** The text a reader shows for an HTML fragment: tags dropped, references decoded. */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

/** Every element name that occurs as a start tag in an HTML fragment, lower-cased. */
export function elementNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-z][a-z0-9-]*)/gi)].map((m) => m[1]!.toLowerCase()));
}

/** The values of every `href` and `src` attribute in an HTML fragment, decoded. */
export function linkTargets(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => decodeEntities(m[1] ?? m[2] ?? ''));
}

/** The targets of an HTTP `Link` header, by relation type. */
export function linkHeader(value: string | null): Map<string, string[]> {
  const byRel = new Map<string, string[]>();
  for (const m of (value ?? '').matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2] ?? '')?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/)) byRel.set(name.toLowerCase(), [...(byRel.get(name.toLowerCase()) ?? []), m[1]!]);
  }
  return byRel;
}

/** True for a URL that needs no base to be resolved. */
export function isAbsoluteUrl(value: string): boolean {
  return URL.canParse(value);
}

/** HTML element names: an end tag of one of them in text reads as markup. */
const HTML_ELEMENTS = new Set(
  ('a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink blockquote body br button canvas caption center cite code col colgroup ' +
    'data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html i iframe img ' +
    'input ins kbd label legend li link main map mark marquee menu meta meter nav noframes noscript object ol optgroup option output p param picture pre progress q rp rt ruby ' +
    's samp script section select small source span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr').split(' '),
);

/** Elements whose content is text, never markup: RSS titles, categories and sources; Atom names, labels and text constructs. */
const TEXT_ELEMENTS = /<(title|subtitle|rights|name|category|source)(\s[^>]*)?>([\s\S]*?)<\/\1>/g;

function decodeXmlText(raw: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw);
  return cdata ? cdata[1]! : decodeXML(raw);
}

/**
 * Where text that must not be markup reads as markup, by the rule feed validators apply
 * (the W3C Feed Validation Service's "should not contain HTML"): an HTML end tag such as
 * `</b>` in the decoded text; else an HTML entity reference such as `&lt;` or `&#169;` in it,
 * unless the element writes its characters as hexadecimal references (`&#x26;`, the RSS
 * Profile's way, which says the text is meant literally); else, in RSS, a character
 * reference or a `<` before a letter or `/`, on the same condition.
 */
export function markupInText(xml: string, rss: boolean): string[] {
  const findings: string[] = [];
  for (const [, element, attrs = '', raw] of xml.matchAll(TEXT_ELEMENTS)) {
    if (/\btype="(html|xhtml)"/.test(attrs)) continue;
    const texts = [decodeXmlText(raw!.trim())];
    const label = /\blabel="([^"]*)"/.exec(attrs);
    if (label) texts.push(decodeXML(label[1]!));
    const literal = raw!.includes('&#x') || (label?.[1]!.includes('&#x') ?? false);
    for (const text of texts) {
      const endTag = [...text.matchAll(/<\/(\w+)>/g)].find((m) => HTML_ELEMENTS.has(m[1]!.toLowerCase()));
      const entities = [...text.matchAll(/&(#?\w+)/g)].filter((m) => !/^[A-Za-z]+$/.test(m[1]!) || decodeHTMLStrict(`&${m[1]};`) !== `&${m[1]};`);
      if (endTag) findings.push(`<${element}> holds the end tag ${endTag[0]}: ${text}`);
      else if (entities.length > 0 && !literal) findings.push(`<${element}> holds the entity ${entities[0]![0]}: ${text}`);
      else if (entities.length === 0 && rss && /&#[x0-9]|<[/a-zA-Z]/.test(text) && !literal) findings.push(`<${element}> holds markup-like text: ${text}`);
    }
  }
  // A link's title (an enclosure's) is text as well, checked by the same rule on its decoded value.
  for (const [, raw] of xml.matchAll(/<link\s[^>]*?\btitle="([^"]*)"/g)) {
    const text = decodeXML(raw!);
    const endTag = [...text.matchAll(/<\/(\w+)>/g)].find((m) => HTML_ELEMENTS.has(m[1]!.toLowerCase()));
    const entity = [...text.matchAll(/&(#?\w+)/g)].find((m) => !/^[A-Za-z]+$/.test(m[1]!) || decodeHTMLStrict(`&${m[1]};`) !== `&${m[1]};`);
    if (endTag) findings.push(`<link title> holds the end tag ${endTag[0]}: ${text}`);
    else if (entity && !raw!.includes('&#x')) findings.push(`<link title> holds the entity ${entity[0]}: ${text}`);
  }
  return findings;
}

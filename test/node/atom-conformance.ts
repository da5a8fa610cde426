/**
 * Atom conformance, by the rules of RFC 4287 as the project reads them: a check of its own,
 * written from the RFC's text (and, for the order of a feed's children, its Appendix B
 * schema), so that the tests need nothing outside the repository.
 *
 * Where the RFC leaves a value to another standard, that standard decides: dates are RFC 3339
 * date-times (with a zone, uppercase "T" and "Z"), ids are absolute IRIs and other URIs IRI
 * references (RFC 3987), e-mail addresses RFC 2822 addr-specs, `rel` names those of the IANA
 * registry, media types RFC 2045's syntax, language tags RFC 3066's.
 *
 * The XML is read by saxes, a strict, namespace-aware XML 1.0 parser: the rules are about
 * namespaces (atom:feed, xhtml:div, elements "in the Atom namespace" under any prefix), which
 * a parser that only sees prefixes, such as fast-xml-parser, cannot tell.
 *
 * `atomConformanceErrors` returns one line per broken rule, each naming the element by its
 * path (`/feed/entry[2]/link[1]`), its line and the section of the RFC; none for a conforming
 * Atom Feed Document.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Every element RFC 4287 defines in the Atom namespace; any other name there is an error. */
export const ATOM_ELEMENTS: readonly string[] = [
  'author', 'category', 'content', 'contributor', 'email', 'entry', 'feed', 'generator', 'icon', 'id', 'link',
  'logo', 'name', 'published', 'rights', 'source', 'subtitle', 'summary', 'title', 'updated', 'uri',
];

/**
 * The IANA Registry of Link Relations (a snapshot of 2026): an atom:link `rel` without a colon
 * must be one of these (RFC 4287 §4.2.7.2); any other value must be an IRI. A name registered
 * later is reported until it is added here.
 */
const REGISTERED_RELATIONS = new Set(
  ('about acl alternate amphtml api-catalog appendix apple-touch-icon apple-touch-startup-image archives author blocked-by ' +
    'bookmark c2pa-manifest canonical chapter cite-as collection compression-dictionary contents convertedfrom copyright ' +
    'create-form current deprecation describedby describes disclosure dns-prefetch duplicate edit edit-form edit-media enclosure ' +
    'external first geofeed glossary help hosts hub ice-server icon index intervalafter intervalbefore intervalcontains ' +
    'intervaldisjoint intervalduring intervalequals intervalfinishedby intervalfinishes intervalin intervalmeets intervalmetby ' +
    'intervaloverlappedby intervaloverlaps intervalstartedby intervalstarts item last latest-version license linkset lrdd manifest ' +
    'mask-icon me media-feed memento micropub modulepreload monitor monitor-group next next-archive nofollow noopener noreferrer ' +
    'opener openid2.local_id openid2.provider original p3pv1 payment pingback preconnect predecessor-version prefetch preload ' +
    'prerender prev prev-archive preview previous privacy-policy profile publication rdap-active rdap-bottom rdap-down rdap-top ' +
    'rdap-up related replies restconf ruleinput search section self service service-desc service-doc service-meta ' +
    'sip-trunking-capability sponsored start status stylesheet subsection successor-version sunset tag terms-of-service timegate ' +
    'timemap type ugc up version-history via webmention working-copy working-copy-of').split(' '),
);
/** A registered name `n` and the IRI `IANA_RELATION + n` are the same relation (RFC 4287 §4.2.7.2). */
const IANA_RELATION = 'http://www.iana.org/assignments/relation/';

// ---------------------------------------------------------------------------------------
// The tree

interface XmlAttribute {
  name: string;
  uri: string;
  local: string;
  value: string;
}

interface XmlElement {
  kind: 'element';
  name: string;
  uri: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  line: number;
  /** `/feed/entry[2]/title`: a position among same-named siblings when there are several. */
  path: string;
}

interface XmlText {
  kind: 'text';
  value: string;
}

type XmlNode = XmlElement | XmlText;

/** The document's root element, or the parser's complaints when it is not well-formed XML. */
function parse(xml: string): { root: XmlElement } | { errors: string[] } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const errors: string[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const addText = (value: string) => {
    const parent = stack.at(-1);
    if (!parent) return;
    const last = parent.children.at(-1);
    if (last?.kind === 'text') last.value += value;
    else parent.children.push({ kind: 'text', value });
  };
  parser.on('error', (error) => errors.push(`not well-formed XML: ${error.message}`));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element: XmlElement = {
      kind: 'element',
      name: tag.name,
      uri: tag.uri,
      local: tag.local,
      attributes: Object.values(tag.attributes).map((a) => ({ name: a.name, uri: a.uri, local: a.local, value: a.value })),
      children: [],
      line: parser.line,
      path: '',
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(xml).close();
  } catch (error) {
    if (errors.length === 0) errors.push(`not well-formed XML: ${(error as Error).message}`);
  }
  // The first complaint only: saxes goes on after an error, and what follows is its echo.
  if (errors.length > 0) return { errors: errors.slice(0, 1) };
  if (!root) return { errors: ['not well-formed XML: no root element'] };
  setPaths(root, '');
  return { root };
}

function setPaths(element: XmlElement, parentPath: string, position = ''): void {
  element.path = `${parentPath}/${element.name}${position}`;
  const kids = elementsOf(element);
  const counts = new Map<string, number>();
  for (const kid of kids) counts.set(kid.name, (counts.get(kid.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const kid of kids) {
    const n = (seen.get(kid.name) ?? 0) + 1;
    seen.set(kid.name, n);
    setPaths(kid, element.path, (counts.get(kid.name) ?? 0) > 1 ? `[${n}]` : '');
  }
}

function elementsOf(element: XmlElement): XmlElement[] {
  return element.children.filter((node): node is XmlElement => node.kind === 'element');
}

function atomChildren(element: XmlElement, local: string): XmlElement[] {
  return elementsOf(element).filter((kid) => kid.uri === ATOM_NS && kid.local === local);
}

/** The attribute `local` in no namespace (Atom's own attributes are unprefixed). */
function attribute(element: XmlElement, local: string): string | undefined {
  return element.attributes.find((a) => a.uri === '' && a.local === local)?.value;
}

function textOf(element: XmlElement): string {
  return element.children.map((node) => (node.kind === 'text' ? node.value : textOf(node))).join('');
}

const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
const nsName = (element: XmlElement) => (element.uri ? `{${element.uri}}${element.local}` : `${element.local} (no namespace)`);

// ---------------------------------------------------------------------------------------
// Value syntaxes

/** RFC 3339 `date-time`, with the uppercase "T" and "Z" RFC 4287 §3.3 asks for. */
export function isRfc3339DateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

const UCSCHAR =
  '\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}\\u{30000}-\\u{3FFFD}' +
  '\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}\\u{60000}-\\u{6FFFD}\\u{70000}-\\u{7FFFD}\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}' +
  '\\u{A0000}-\\u{AFFFD}\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}';
const IPRIVATE = '\\u{E000}-\\u{F8FF}\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const UNRESERVED = `A-Za-z0-9\\-._~${UCSCHAR}`;
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const chars = (extra: string) => new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS}${extra}]|${PCT})*$`, 'u');
const USERINFO = chars(':');
const REG_NAME = chars('');
const PATH = chars(':@/');
const QUERY = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS}:@/?${IPRIVATE}]|${PCT})*$`, 'u');
const FRAGMENT = chars(':@/?');
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;

/** RFC 3987 `IRI-reference`: an IRI, or a relative reference to be resolved against the base. */
export function isIriReference(value: string): boolean {
  const m = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/su.exec(value);
  if (!m) return false;
  const [, scheme, authority, path = '', query, fragment] = m;
  if (scheme !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) return false;
  if (authority !== undefined) {
    const a = /^(?:(.*)@)?(\[[^\]]*\]|[^:]*)(?::(\d*))?$/su.exec(authority);
    if (!a) return false;
    const [, userinfo, host = ''] = a;
    if (userinfo !== undefined && !USERINFO.test(userinfo)) return false;
    if (host.startsWith('[') ? !IP_LITERAL.test(host) : !REG_NAME.test(host)) return false;
  } else if (path.startsWith('//')) return false;
  if (!PATH.test(path)) return false;
  // In a relative reference, a colon in the first segment would read as a scheme.
  if (scheme === undefined && authority === undefined && /^[^/]*:/.test(path)) return false;
  if (query !== undefined && !QUERY.test(query)) return false;
  if (fragment !== undefined && !FRAGMENT.test(fragment)) return false;
  return true;
}

/** RFC 3987 `IRI`: absolute (a scheme is present), with an optional fragment. */
export function isIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && isIriReference(value);
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*$`);

/** The syntax of a MIME media type (RFC 2045 §5.1): `type/subtype` and parameters. */
export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

const mediaTypeOf = (value: string) => value.split(';')[0]!.trim().toLowerCase();
/** An XML media type (RFC 3023) by its name: `.../xml` or `...+xml`. */
const isXmlMediaType = (value: string) => /(?:\/|\+)xml$/.test(mediaTypeOf(value));

/** RFC 3066 language tag (RFC 4287 §4.2.7.4, and xml:lang by §2). */
export function isLanguageTag(value: string): boolean {
  return /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(value);
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const ADDR_SPEC = new RegExp(
  `^(?:${ATEXT}+(?:\\.${ATEXT}+)*|"(?:[\\x21\\x23-\\x5B\\x5D-\\x7E \\t]|\\\\[\\x01-\\x7F])*")` +
    `@(?:${ATEXT}+(?:\\.${ATEXT}+)*|\\[(?:[\\x21-\\x5A\\x5E-\\x7E \\t]|\\\\[\\x01-\\x7F])*\\])$`,
);

/** RFC 2822 `addr-spec` without comments or folding white space (RFC 4287 §3.2.3). */
export function isAddrSpec(value: string): boolean {
  return ADDR_SPEC.test(value);
}

const isBase64 = (value: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value.replace(/[ \t\r\n]/g, ''));

// ---------------------------------------------------------------------------------------
// The rules

type Occurrence = 'one' | 'optional' | 'any';

const FEED_CHILDREN: Record<string, Occurrence> = {
  author: 'any', category: 'any', contributor: 'any', generator: 'optional', icon: 'optional', id: 'one', link: 'any',
  logo: 'optional', rights: 'optional', subtitle: 'optional', title: 'one', updated: 'one', entry: 'any',
};
const ENTRY_CHILDREN: Record<string, Occurrence> = {
  author: 'any', category: 'any', content: 'optional', contributor: 'any', id: 'one', link: 'any', published: 'optional',
  rights: 'optional', source: 'optional', summary: 'optional', title: 'one', updated: 'one',
};
const SOURCE_CHILDREN: Record<string, Occurrence> = {
  author: 'any', category: 'any', contributor: 'any', generator: 'optional', icon: 'optional', id: 'optional', link: 'any',
  logo: 'optional', rights: 'optional', subtitle: 'optional', title: 'optional', updated: 'optional',
};
const PERSON_CHILDREN: Record<string, Occurrence> = { name: 'one', uri: 'optional', email: 'optional' };

const SECTION: Record<string, string> = {
  feed: '§4.1.1', entry: '§4.1.2', source: '§4.2.11', author: '§3.2', contributor: '§3.2', content: '§4.1.3',
};

class Checker {
  readonly errors: string[] = [];

  error(element: XmlElement, message: string): void {
    this.errors.push(`${element.path} (line ${element.line}): ${message}`);
  }

  feed(root: XmlElement): void {
    if (root.uri !== ATOM_NS || root.local !== 'feed') {
      this.error(root, `the root element is ${nsName(root)}, not atom:feed in the namespace ${ATOM_NS} (RFC 4287 §4.1.1)`);
      return;
    }
    this.commonAttributes(root, []);
    this.noText(root);
    this.children(root, FEED_CHILDREN);
    this.metadata(root);
    const entries = atomChildren(root, 'entry');
    for (const entry of entries) this.entry(entry);

    // Appendix B: the feed's own elements (Atom and extension alike) come before its entries.
    const kids = elementsOf(root);
    const firstEntry = kids.findIndex((kid) => kid.uri === ATOM_NS && kid.local === 'entry');
    const late = firstEntry < 0 ? undefined : kids.slice(firstEntry).find((kid) => !(kid.uri === ATOM_NS && kid.local === 'entry'));
    if (late) this.error(late, `${late.name} comes after ${kids[firstEntry]!.path}: the elements of atom:feed precede its entries (RFC 4287 Appendix B)`);
    this.alternateLinks(root);

    // §4.1.1: the feed names an author unless each entry names its own (or its source does).
    if (atomChildren(root, 'author').length === 0) {
      for (const entry of entries) {
        const sourceAuthors = atomChildren(entry, 'source').flatMap((source) => atomChildren(source, 'author'));
        if (atomChildren(entry, 'author').length === 0 && sourceAuthors.length === 0) {
          this.error(entry, 'no author: neither the entry, nor its atom:source, nor the feed has an atom:author (RFC 4287 §4.1.1, §4.1.2)');
        }
      }
    }

    // §4.1.1: entries with the same atom:id are one entry, told apart by atom:updated.
    const seen = new Map<string, XmlElement>();
    for (const entry of entries) {
      const id = atomChildren(entry, 'id')[0];
      const updated = atomChildren(entry, 'updated')[0];
      if (!id || !updated) continue;
      const key = `${textOf(id)}\u0000${instantKey(textOf(updated))}`;
      const first = seen.get(key);
      if (first) this.error(entry, `shares its id ${show(textOf(id))} and its updated ${show(textOf(updated))} with ${first.path}: the same entry twice at the same time (RFC 4287 §4.1.1)`);
      else seen.set(key, entry);
    }
  }

  entry(entry: XmlElement): void {
    this.commonAttributes(entry, []);
    this.noText(entry);
    this.children(entry, ENTRY_CHILDREN);
    this.metadata(entry);
    for (const published of atomChildren(entry, 'published')) this.date(published);
    for (const source of atomChildren(entry, 'source')) this.source(source);
    for (const summary of atomChildren(entry, 'summary')) this.textConstruct(summary);
    const contents = atomChildren(entry, 'content');
    for (const content of contents) this.content(content);
    this.alternateLinks(entry);

    const hasSummary = atomChildren(entry, 'summary').length > 0;
    const content = contents[0];
    if (!content) {
      const alternate = atomChildren(entry, 'link').some((link) => relationOf(link) === 'alternate');
      if (!alternate) this.error(entry, 'has neither atom:content nor an atom:link with rel="alternate" (RFC 4287 §4.1.2)');
    } else if (!hasSummary) {
      const type = attribute(content, 'type') ?? 'text';
      if (attribute(content, 'src') !== undefined) {
        this.error(entry, 'has no atom:summary, which an entry whose atom:content has a src attribute must have (RFC 4287 §4.1.1.2, §4.1.2)');
      } else if (!['text', 'html', 'xhtml'].includes(type) && isMediaType(type) && !isXmlMediaType(type) && !mediaTypeOf(type).startsWith('text/')) {
        this.error(entry, `has no atom:summary, which an entry whose atom:content is Base64 (type ${show(type)}) must have (RFC 4287 §4.1.1.2, §4.1.2)`);
      }
    }
  }

  source(source: XmlElement): void {
    this.commonAttributes(source, []);
    this.noText(source);
    this.children(source, SOURCE_CHILDREN);
    this.metadata(source);
  }

  /** The children feed, entry and source share: persons, categories, links, ids, dates, texts. */
  metadata(element: XmlElement): void {
    for (const kid of elementsOf(element)) {
      if (kid.uri !== ATOM_NS) continue;
      switch (kid.local) {
        case 'author':
        case 'contributor':
          this.person(kid);
          break;
        case 'category':
          this.category(kid);
          break;
        case 'generator':
          this.generator(kid);
          break;
        case 'icon':
        case 'logo':
          this.uriElement(kid, 'reference', '§4.2.5, §4.2.8');
          break;
        case 'id':
          this.uriElement(kid, 'absolute', '§4.2.6');
          break;
        case 'link':
          this.link(kid);
          break;
        case 'rights':
        case 'subtitle':
        case 'title':
          this.textConstruct(kid);
          break;
        case 'updated':
          this.date(kid);
          break;
      }
    }
  }

  /** The Atom children of `element` by how often each may occur; any other Atom element is an error. */
  children(element: XmlElement, allowed: Record<string, Occurrence>): void {
    const where = `atom:${element.local}`;
    const section = SECTION[element.local] ?? '';
    for (const kid of elementsOf(element)) {
      if (kid.uri !== ATOM_NS || Object.hasOwn(allowed, kid.local)) continue;
      if (ATOM_ELEMENTS.includes(kid.local)) this.error(kid, `atom:${kid.local} is not allowed in ${where} (RFC 4287 ${section})`);
      else this.error(kid, `unknown element ${kid.name}: RFC 4287 defines no "${kid.local}" in the Atom namespace (its elements are ${ATOM_ELEMENTS.join(', ')})`);
    }
    for (const [local, occurrence] of Object.entries(allowed)) {
      const found = atomChildren(element, local);
      if (occurrence === 'one' && found.length === 0) this.error(element, `no atom:${local}: ${where} must contain exactly one (RFC 4287 ${section})`);
      if (occurrence !== 'any' && found.length > 1) {
        this.error(found[1]!, `${found.length} atom:${local} elements: ${where} must contain ${occurrence === 'one' ? 'exactly one' : 'at most one'} (RFC 4287 ${section})`);
      }
    }
  }

  /**
   * xml:base and xml:lang on any Atom element (RFC 4287 §2), and no unprefixed attribute that
   * the element does not define (attributes in other namespaces are foreign markup, §6).
   */
  commonAttributes(element: XmlElement, defined: string[]): void {
    for (const a of element.attributes) {
      if (a.uri === XMLNS_NS || a.name === 'xmlns') continue;
      if (a.uri === XML_NS && a.local === 'base' && !isIriReference(a.value)) this.error(element, `xml:base ${show(a.value)} is not an IRI reference (RFC 4287 §2)`);
      if (a.uri === XML_NS && a.local === 'lang' && a.value !== '' && !isLanguageTag(a.value)) this.error(element, `xml:lang ${show(a.value)} is not a language tag (RFC 4287 §2)`);
      if (a.uri === '' && !defined.includes(a.local)) this.error(element, `atom:${element.local} has no attribute "${a.local}" (RFC 4287 defines ${defined.length > 0 ? defined.join(', ') : 'none'} for it)`);
    }
  }

  /** Feed, entry, source and person elements hold elements only, and white space between them. */
  noText(element: XmlElement): void {
    const stray = element.children.filter((node): node is XmlText => node.kind === 'text' && node.value.trim() !== '');
    if (stray.length > 0) this.error(element, `holds the text ${show(stray[0]!.value.trim())} outside any child element (RFC 4287 ${SECTION[element.local] ?? ''})`);
  }

  /** Elements whose content is text: no child element of any kind. */
  textOnly(element: XmlElement, section: string): string {
    for (const kid of elementsOf(element)) this.error(kid, `atom:${element.local} holds text only, not the element ${kid.name} (RFC 4287 ${section})`);
    return textOf(element);
  }

  /** Links and categories: "undefinedContent", i.e. text and foreign (non-Atom) elements. */
  undefinedContent(element: XmlElement, section: string): void {
    for (const kid of elementsOf(element)) {
      if (kid.uri === ATOM_NS) this.error(kid, `atom:${element.local} may hold foreign markup, never the Atom element ${kid.name} (RFC 4287 ${section}, §6)`);
    }
  }

  person(person: XmlElement): void {
    this.commonAttributes(person, []);
    this.noText(person);
    this.children(person, PERSON_CHILDREN);
    for (const name of atomChildren(person, 'name')) {
      this.commonAttributes(name, []);
      this.textOnly(name, '§3.2.1');
    }
    for (const uri of atomChildren(person, 'uri')) this.uriElement(uri, 'reference', '§3.2.2');
    for (const email of atomChildren(person, 'email')) {
      this.commonAttributes(email, []);
      const value = this.textOnly(email, '§3.2.3');
      if (!isAddrSpec(value)) this.error(email, `${show(value)} is not an e-mail address (RFC 2822 addr-spec, RFC 4287 §3.2.3)`);
    }
  }

  uriElement(element: XmlElement, kind: 'absolute' | 'reference', section: string): void {
    this.commonAttributes(element, []);
    const value = this.textOnly(element, section);
    if (kind === 'absolute' && !isIri(value)) {
      this.error(element, `${show(value)} is not an absolute IRI: atom:${element.local} must have a scheme, relative references are not allowed (RFC 4287 ${section})`);
    } else if (kind === 'reference' && !isIriReference(value)) {
      this.error(element, `${show(value)} is not an IRI reference (RFC 3987; RFC 4287 ${section})`);
    }
  }

  date(element: XmlElement): void {
    this.commonAttributes(element, []);
    const value = this.textOnly(element, '§3.3');
    if (!isRfc3339DateTime(value)) {
      this.error(element, `${show(value)} is not an RFC 3339 date-time (full date, uppercase "T", hours, minutes and seconds, and "Z" or an offset; RFC 4287 §3.3)`);
    }
  }

  category(category: XmlElement): void {
    this.commonAttributes(category, ['term', 'scheme', 'label']);
    if (attribute(category, 'term') === undefined) this.error(category, 'atom:category has no term attribute (RFC 4287 §4.2.2.1)');
    const scheme = attribute(category, 'scheme');
    if (scheme !== undefined && !isIri(scheme)) this.error(category, `scheme ${show(scheme)} is not an IRI (RFC 4287 §4.2.2.2)`);
    this.undefinedContent(category, '§4.2.2');
  }

  generator(generator: XmlElement): void {
    this.commonAttributes(generator, ['uri', 'version']);
    const uri = attribute(generator, 'uri');
    if (uri !== undefined && !isIriReference(uri)) this.error(generator, `uri ${show(uri)} is not an IRI reference (RFC 4287 §4.2.4)`);
    this.textOnly(generator, '§4.2.4');
  }

  link(link: XmlElement): void {
    this.commonAttributes(link, ['href', 'rel', 'type', 'hreflang', 'title', 'length']);
    const href = attribute(link, 'href');
    if (href === undefined) this.error(link, 'atom:link has no href attribute (RFC 4287 §4.2.7.1)');
    else if (!isIriReference(href)) this.error(link, `href ${show(href)} is not an IRI reference (RFC 4287 §4.2.7.1)`);
    const rel = attribute(link, 'rel');
    if (rel !== undefined) {
      if (rel.includes(':')) {
        if (!isIri(rel)) this.error(link, `rel ${show(rel)} is neither a registered relation name nor an IRI (RFC 4287 §4.2.7.2)`);
      } else if (!REGISTERED_RELATIONS.has(rel)) {
        this.error(link, `rel ${show(rel)} is not a name in the IANA Registry of Link Relations, and not an IRI (RFC 4287 §4.2.7.2)`);
      }
    }
    const type = attribute(link, 'type');
    if (type !== undefined && !isMediaType(type)) this.error(link, `type ${show(type)} is not a MIME media type (RFC 4287 §4.2.7.3)`);
    const hreflang = attribute(link, 'hreflang');
    if (hreflang !== undefined && !isLanguageTag(hreflang)) this.error(link, `hreflang ${show(hreflang)} is not a language tag (RFC 4287 §4.2.7.4)`);
    const length = attribute(link, 'length');
    if (length !== undefined && !/^[0-9]+$/.test(length)) this.error(link, `length ${show(length)} is not a non-negative integer number of octets (RFC 4287 §4.2.7.6)`);
    this.undefinedContent(link, '§4.2.7');
  }

  /** §4.1.1, §4.1.2: at most one alternate link per (type, hreflang). */
  alternateLinks(element: XmlElement): void {
    const seen = new Map<string, XmlElement>();
    for (const link of atomChildren(element, 'link')) {
      if (relationOf(link) !== 'alternate') continue;
      const type = attribute(link, 'type');
      const hreflang = attribute(link, 'hreflang');
      const key = `${type?.toLowerCase() ?? ''}\u0000${hreflang?.toLowerCase() ?? ''}`;
      const first = seen.get(key);
      if (first) {
        this.error(link, `a second atom:link rel="alternate" with type ${type === undefined ? '(none)' : show(type)} and hreflang ${hreflang === undefined ? '(none)' : show(hreflang)}, as ${first.path}: atom:${element.local} may have only one (RFC 4287 ${SECTION[element.local]})`);
      } else seen.set(key, link);
    }
  }

  /** Text constructs (§3.1): title, subtitle, summary, rights. */
  textConstruct(element: XmlElement): void {
    this.commonAttributes(element, ['type']);
    const type = attribute(element, 'type') ?? 'text';
    if (type === 'xhtml') this.xhtml(element);
    else if (type === 'text' || type === 'html') this.noElements(element, type);
    else this.error(element, `type ${show(type)}: a text construct is of type "text", "html" or "xhtml" (RFC 4287 §3.1.1)`);
  }

  /** text and html hold characters only: markup in html is escaped, never elements (§3.1.1.1, §3.1.1.2). */
  noElements(element: XmlElement, type: string, section = type === 'html' ? '§3.1.1.2' : '§3.1.1.1'): void {
    for (const kid of elementsOf(element)) {
      this.error(kid, `atom:${element.local} of type "${type}" holds the child element ${kid.name}: it may hold text only${type === 'html' ? ', its markup escaped' : ''} (RFC 4287 ${section})`);
    }
  }

  /** type="xhtml": exactly one xhtml:div, and XHTML elements only within it (§3.1.1.3). */
  xhtml(element: XmlElement): void {
    const kids = elementsOf(element);
    const divs = kids.filter((kid) => kid.uri === XHTML_NS && kid.local === 'div');
    const stray = element.children.filter((node) => node.kind === 'text' && node.value.trim() !== '');
    if (kids.length !== 1 || divs.length !== 1) {
      const found = kids.length === 0 ? 'no child element' : kids.map(nsName).join(', ');
      this.error(element, `atom:${element.local} of type "xhtml" must hold exactly one div in the namespace ${XHTML_NS}, and holds ${found} (RFC 4287 §3.1.1.3)`);
    }
    if (stray.length > 0) this.error(element, `atom:${element.local} of type "xhtml" holds text outside its xhtml:div (RFC 4287 §3.1.1.3)`);
    const walk = (parent: XmlElement) => {
      for (const kid of elementsOf(parent)) {
        if (kid.uri !== XHTML_NS) this.error(kid, `${nsName(kid)} inside the xhtml:div of atom:${element.local}: only XHTML markup may be there (RFC 4287 §3.1.1.3)`);
        walk(kid);
      }
    };
    for (const div of divs) walk(div);
  }

  /** atom:content (§4.1.3). */
  content(content: XmlElement): void {
    this.commonAttributes(content, ['type', 'src']);
    const type = attribute(content, 'type');
    const src = attribute(content, 'src');
    if (src !== undefined) {
      if (!isIriReference(src)) this.error(content, `src ${show(src)} is not an IRI reference (RFC 4287 §4.1.3.2)`);
      if (content.children.length > 0) this.error(content, 'atom:content with a src attribute must be empty (RFC 4287 §4.1.3.2)');
      if (type !== undefined && (['text', 'html', 'xhtml'].includes(type) || !isMediaType(type))) {
        this.error(content, `type ${show(type)}: with a src attribute, the type of atom:content must be a MIME media type (RFC 4287 §4.1.3.1)`);
      }
      return;
    }
    if (type === undefined || type === 'text' || type === 'html') return this.noElements(content, type ?? 'text');
    if (type === 'xhtml') return this.xhtml(content);
    if (!isMediaType(type)) {
      this.error(content, `type ${show(type)} is neither "text", "html", "xhtml" nor a MIME media type (RFC 4287 §4.1.3.1)`);
      return;
    }
    if (/^(?:multipart|message)\//.test(mediaTypeOf(type))) this.error(content, `type ${show(type)} is a composite MIME type, which atom:content must not be (RFC 4287 §4.1.3.1)`);
    if (isXmlMediaType(type)) return;
    this.noElements(content, type, '§4.1.3.3');
    if (!mediaTypeOf(type).startsWith('text/') && !isBase64(textOf(content))) {
      this.error(content, `atom:content of type ${show(type)} must hold Base64 (RFC 4287 §4.1.3.3)`);
    }
  }
}

/** The instant an RFC 3339 date-time names, to the last digit of its fraction; the text itself otherwise. */
function instantKey(value: string): string {
  if (!isRfc3339DateTime(value)) return value;
  const fraction = /\.(\d+)/.exec(value)?.[1]?.replace(/0+$/, '') ?? '';
  const seconds = Date.parse(value.replace(/\.\d+/, ''));
  return Number.isNaN(seconds) ? value : `${seconds}.${fraction}`;
}

/** The relation of an atom:link: "alternate" when it has no rel (§4.2.7.2), a registered name as its name. */
function relationOf(link: XmlElement): string {
  const rel = attribute(link, 'rel') ?? 'alternate';
  return rel.startsWith(IANA_RELATION) ? rel.slice(IANA_RELATION.length) : rel;
}

/**
 * What `xml` breaks of RFC 4287 as an Atom Feed Document: one line per broken rule, naming
 * the element (`/feed/entry[3]/updated (line 40): ...`); none when it conforms.
 */
export function atomConformanceErrors(xml: string): string[] {
  const parsed = parse(xml);
  if ('errors' in parsed) return parsed.errors;
  const checker = new Checker();
  checker.feed(parsed.root);
  return checker.errors;
}

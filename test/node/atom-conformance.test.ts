/**
 * The project's Atom conformance check (atom-conformance.ts) can fail: a minimal feed and the
 * RFC's own examples pass, and each broken feed below is reported once, at the element that
 * breaks the rule, with a message naming the problem.
 */
import { describe, expect, it } from 'vitest';
import { atomConformanceErrors, isIri, isIriReference, isRfc3339DateTime } from './atom-conformance.ts';

const MINIMAL = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://example.org/</id>
  <title>Example</title>
  <updated>2026-01-02T03:04:05Z</updated>
  <author><name>Ada Example</name></author>
  <link rel="self" href="https://example.org/atom.xml"/>
  <entry>
    <id>tag:example.org,2026:1</id>
    <title type="html">One &amp;amp; only</title>
    <updated>2026-01-02T03:04:05Z</updated>
    <link href="https://example.org/1"/>
    <content type="html">&lt;p&gt;One&lt;/p&gt;</content>
  </entry>
</feed>
`;

/** MINIMAL with `from` (which must occur exactly once) replaced by `to`. */
function edit(from: string, to: string, xml = MINIMAL): string {
  const at = xml.indexOf(from);
  if (at < 0 || xml.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" is not in the feed exactly once`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

const ENTRY_LINK = '<link href="https://example.org/1"/>';
const CONTENT = '<content type="html">&lt;p&gt;One&lt;/p&gt;</content>';
const FEED_AUTHOR = '<author><name>Ada Example</name></author>';
const ENTRY_UPDATED = '<updated>2026-01-02T03:04:05Z</updated>\n    <link';
const SECOND_ENTRY = `<entry>
    <id>tag:example.org,2026:2</id>
    <title>Two</title>
    <updated>2026-01-03T03:04:05Z</updated>
    <link href="https://example.org/2"/>
  </entry>
</feed>`;

/** RFC 4287 §1.1, the extensive example (no feed author: its one entry names one). */
const RFC_EXAMPLE = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">dive into mark</title>
  <subtitle type="html">
    A &lt;em&gt;lot&lt;/em&gt; of effort
    went into making this effortless
  </subtitle>
  <updated>2005-07-31T12:29:29Z</updated>
  <id>tag:example.org,2003:3</id>
  <link rel="alternate" type="text/html" hreflang="en" href="http://example.org/"/>
  <link rel="self" type="application/atom+xml" href="http://example.org/feed.atom"/>
  <rights>Copyright (c) 2003, Mark Pilgrim</rights>
  <generator uri="http://www.example.com/" version="1.0">
    Example Toolkit
  </generator>
  <entry>
    <title>Atom draft-07 snapshot</title>
    <link rel="alternate" type="text/html" href="http://example.org/2005/04/02/atom"/>
    <link rel="enclosure" type="audio/mpeg" length="1337" href="http://example.org/audio/ph34r_my_podcast.mp3"/>
    <id>tag:example.org,2003:3.2397</id>
    <updated>2005-07-31T12:29:29Z</updated>
    <published>2003-12-13T08:29:29-04:00</published>
    <author>
      <name>Mark Pilgrim</name>
      <uri>http://example.org/</uri>
      <email>f8dy@example.com</email>
    </author>
    <contributor>
      <name>Sam Ruby</name>
    </contributor>
    <contributor>
      <name>Joe Gregorio</name>
    </contributor>
    <content type="xhtml" xml:lang="en" xml:base="http://diveintomark.org/">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p><i>[Update: The Atom draft is finished.]</i></p>
      </div>
    </content>
  </entry>
</feed>
`;

const VALID: { name: string; xml: string }[] = [
  { name: 'the minimal feed', xml: MINIMAL },
  {
    name: 'the first example of RFC 4287 §1.1 (urn:uuid ids, a summary and no content)',
    xml: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author>
    <name>John Doe</name>
  </author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>`,
  },
  { name: 'the second example of RFC 4287 §1.1 (xhtml content, contributors, an enclosure)', xml: RFC_EXAMPLE },
  { name: 'a feed with no entry and no author', xml: edit(FEED_AUTHOR, '', edit(MINIMAL.slice(MINIMAL.indexOf('<entry>'), MINIMAL.indexOf('</feed>')), '')) },
  {
    name: 'a feed without author whose entry names one in its atom:source',
    xml: edit(FEED_AUTHOR, '', edit(ENTRY_LINK, `${ENTRY_LINK}<source><id>https://elsewhere.example/</id><author><name>B</name></author></source>`)),
  },
  {
    name: 'the prefixed Atom namespace, extension elements, foreign attributes and an IANA relation IRI',
    xml: `<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0" xmlns:x="urn:example:x">
  <fh:archive/>
  <a:id>https://example.org/</a:id><a:title x:note="n">T</a:title><a:updated>2026-01-02T03:04:05.123+05:30</a:updated>
  <a:author><a:name>A</a:name><x:role>editor</x:role></a:author>
  <a:link rel="http://www.iana.org/assignments/relation/alternate" href="https://example.org/"/>
  <a:link rel="https://example.org/rels/custom" href="https://example.org/custom" length="0"/>
  <a:entry xml:lang="zh-Hans"><a:id>https://example.org/%E4%B8%AD?q=1#top</a:id><a:title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">网<b>络</b></div></a:title>
    <a:updated>2026-01-02T03:04:05Z</a:updated><a:content type="text">plain</a:content>
    <a:category term="t" scheme="https://example.org/topics" label="T"/></a:entry>
</a:feed>`,
  },
  {
    name: 'out-of-line content and Base64 content, each with a summary',
    xml: edit(
      CONTENT,
      '<content type="application/pdf" src="https://example.org/1.pdf"/><summary>PDF</summary>',
      edit('</feed>', SECOND_ENTRY.replace('</entry>', '<content type="image/png">iVBORw0K\n  GgoAAAANSUhEUg==</content><summary>image</summary></entry>')),
    ),
  },
];

interface Broken {
  name: string;
  xml: string;
  /** The path that the error names (one per error when it is reported in several places). */
  at: string | string[];
  /** What the message must say. */
  message: RegExp;
}

const BROKEN: Broken[] = [
  { name: 'a feed without id', xml: edit('<id>https://example.org/</id>', ''), at: '/feed', message: /no atom:id: atom:feed must contain exactly one/ },
  { name: 'a feed with two titles', xml: edit('<title>Example</title>', '<title>Example</title><title>Again</title>'), at: '/feed/title[2]', message: /2 atom:title elements: atom:feed must contain exactly one/ },
  { name: 'an entry without updated', xml: edit(ENTRY_UPDATED, '<link'), at: '/feed/entry', message: /no atom:updated: atom:entry must contain exactly one/ },
  { name: 'an entry with two summaries', xml: edit(CONTENT, `${CONTENT}<summary>a</summary><summary>b</summary>`), at: '/feed/entry/summary[2]', message: /2 atom:summary elements: atom:entry must contain at most one/ },
  { name: 'a date without seconds', xml: edit('<updated>2026-01-02T03:04:05Z</updated>\n  <author>', '<updated>2026-01-02T03:04Z</updated>\n  <author>'), at: '/feed/updated', message: /"2026-01-02T03:04Z" is not an RFC 3339 date-time/ },
  { name: 'a date without a zone', xml: edit(ENTRY_UPDATED, '<updated>2026-01-02T03:04:05</updated>\n    <link'), at: '/feed/entry/updated', message: /"2026-01-02T03:04:05" is not an RFC 3339 date-time/ },
  { name: 'a date with a lowercase "t" and "z"', xml: edit(ENTRY_UPDATED, '<updated>2026-01-02t03:04:05z</updated>\n    <link'), at: '/feed/entry/updated', message: /is not an RFC 3339 date-time/ },
  { name: 'a date on 30 February', xml: edit(ENTRY_UPDATED, '<updated>2026-02-30T03:04:05Z</updated>\n    <link'), at: '/feed/entry/updated', message: /is not an RFC 3339 date-time/ },
  { name: 'a relative entry id', xml: edit('<id>tag:example.org,2026:1</id>', '<id>/reports/1</id>'), at: '/feed/entry/id', message: /"\/reports\/1" is not an absolute IRI/ },
  { name: 'an id with a space in it', xml: edit('<id>https://example.org/</id>', '<id>https://example.org/a b</id>'), at: '/feed/id', message: /is not an absolute IRI/ },
  {
    name: 'two alternate links with the same type and hreflang (one by default, one by name)',
    xml: edit(ENTRY_LINK, `${ENTRY_LINK}<link rel="alternate" href="https://example.org/1b"/>`),
    at: '/feed/entry/link[2]',
    message: /a second atom:link rel="alternate" with type \(none\) and hreflang \(none\), as \/feed\/entry\/link\[1\]/,
  },
  {
    name: 'two alternate links of a feed with the same type and hreflang',
    xml: edit('<link rel="self"', '<link type="text/html" hreflang="en" href="https://example.org/a"/><link rel="alternate" type="TEXT/HTML" hreflang="EN" href="https://example.org/b"/><link rel="self"'),
    at: '/feed/link[2]',
    message: /a second atom:link rel="alternate" with type "TEXT\/HTML" and hreflang "EN"/,
  },
  {
    name: 'an entry without content and without an alternate link',
    xml: edit(CONTENT, '', edit(ENTRY_LINK, '<link rel="related" href="https://example.org/1"/>')),
    at: '/feed/entry',
    message: /has neither atom:content nor an atom:link with rel="alternate"/,
  },
  { name: 'xhtml content without the div', xml: edit(CONTENT, '<content type="xhtml"><p xmlns="http://www.w3.org/1999/xhtml">One</p></content>'), at: '/feed/entry/content', message: /must hold exactly one div in the namespace http:\/\/www\.w3\.org\/1999\/xhtml, and holds \{http:\/\/www\.w3\.org\/1999\/xhtml\}p/ },
  { name: 'xhtml content whose div is in the Atom namespace', xml: edit(CONTENT, '<content type="xhtml"><div>One</div></content>'), at: '/feed/entry/content', message: /must hold exactly one div in the namespace http:\/\/www\.w3\.org\/1999\/xhtml, and holds \{http:\/\/www\.w3\.org\/2005\/Atom\}div/ },
  { name: 'an xhtml title with text beside its div', xml: edit('<title>Example</title>', '<title type="xhtml">Ex<div xmlns="http://www.w3.org/1999/xhtml">ample</div></title>'), at: '/feed/title', message: /holds text outside its xhtml:div/ },
  { name: 'an html title containing a child element', xml: edit('<title type="html">One &amp;amp; only</title>', '<title type="html">One <b>bold</b></title>'), at: '/feed/entry/title/b', message: /atom:title of type "html" holds the child element b: it may hold text only, its markup escaped/ },
  { name: 'a text summary containing an XHTML element', xml: edit(CONTENT, `${CONTENT}<summary>One <em xmlns="http://www.w3.org/1999/xhtml">x</em></summary>`), at: '/feed/entry/summary/em', message: /atom:summary of type "text" holds the child element em/ },
  { name: 'a title of an unknown type', xml: edit('<title>Example</title>', '<title type="markdown">Example</title>'), at: '/feed/title', message: /type "markdown": a text construct is of type "text", "html" or "xhtml"/ },
  {
    name: 'no author anywhere (two entries)',
    xml: edit(FEED_AUTHOR, '', edit('</feed>', SECOND_ENTRY)),
    at: ['/feed/entry[1]', '/feed/entry[2]'],
    message: /no author: neither the entry, nor its atom:source, nor the feed has an atom:author/,
  },
  { name: 'an author without a name', xml: edit(FEED_AUTHOR, '<author><uri>https://example.org/ada</uri></author>'), at: '/feed/author', message: /no atom:name: atom:author must contain exactly one/ },
  { name: 'an author with an e-mail that is no address', xml: edit(FEED_AUTHOR, '<author><name>Ada</name><email>ada at example.org</email></author>'), at: '/feed/author/email', message: /"ada at example\.org" is not an e-mail address/ },
  { name: 'an author with two uris', xml: edit(FEED_AUTHOR, '<author><name>Ada</name><uri>https://a.example/</uri><uri>https://b.example/</uri></author>'), at: '/feed/author/uri[2]', message: /2 atom:uri elements: atom:author must contain at most one/ },
  { name: 'an unknown element in the Atom namespace', xml: edit(ENTRY_LINK, `${ENTRY_LINK}<excerpt>x</excerpt>`), at: '/feed/entry/excerpt', message: /unknown element excerpt: RFC 4287 defines no "excerpt" in the Atom namespace/ },
  { name: 'an unknown prefixed Atom element', xml: edit('<feed xmlns="http://www.w3.org/2005/Atom">', '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:atom="http://www.w3.org/2005/Atom"><atom:modified>2026-01-02T03:04:05Z</atom:modified>'), at: '/feed/atom:modified', message: /unknown element atom:modified/ },
  { name: 'an Atom element out of place (published in the feed)', xml: edit(FEED_AUTHOR, `${FEED_AUTHOR}<published>2026-01-02T03:04:05Z</published>`), at: '/feed/published', message: /atom:published is not allowed in atom:feed/ },
  { name: 'feed metadata after an entry', xml: edit('</feed>', '<rights>R</rights></feed>'), at: '/feed/rights', message: /rights comes after \/feed\/entry: the elements of atom:feed precede its entries/ },
  { name: 'a root element outside the Atom namespace', xml: edit('<feed xmlns="http://www.w3.org/2005/Atom">', '<feed>'), at: '/feed', message: /the root element is feed \(no namespace\), not atom:feed in the namespace http:\/\/www\.w3\.org\/2005\/Atom/ },
  { name: 'a link without href', xml: edit(ENTRY_LINK, '<link href="https://example.org/1"/><link rel="related"/>'), at: '/feed/entry/link[2]', message: /atom:link has no href attribute/ },
  { name: 'a link whose href is no IRI reference', xml: edit(ENTRY_LINK, '<link href="https://example.org/a b"/>'), at: '/feed/entry/link', message: /href "https:\/\/example\.org\/a b" is not an IRI reference/ },
  { name: 'a link with an unregistered relation name', xml: edit('rel="self"', 'rel="feed"'), at: '/feed/link', message: /rel "feed" is not a name in the IANA Registry of Link Relations/ },
  { name: 'a link with a negative length', xml: edit(ENTRY_LINK, `${ENTRY_LINK}<link rel="enclosure" type="audio/mpeg" length="-1" href="https://example.org/1.mp3"/>`), at: '/feed/entry/link[2]', message: /length "-1" is not a non-negative integer/ },
  { name: 'a link with a type that is no media type', xml: edit('rel="self"', 'rel="self" type="atom"'), at: '/feed/link', message: /type "atom" is not a MIME media type/ },
  { name: 'a link with an attribute Atom does not define', xml: edit('rel="self"', 'rel="self" target="_blank"'), at: '/feed/link', message: /atom:link has no attribute "target"/ },
  { name: 'a category without term', xml: edit(ENTRY_LINK, `${ENTRY_LINK}<category label="x"/>`), at: '/feed/entry/category', message: /atom:category has no term attribute/ },
  { name: 'a category whose scheme is relative', xml: edit(ENTRY_LINK, `${ENTRY_LINK}<category term="x" scheme="/topics"/>`), at: '/feed/entry/category', message: /scheme "\/topics" is not an IRI/ },
  { name: 'a generator whose uri is no IRI reference', xml: edit(FEED_AUTHOR, `${FEED_AUTHOR}<generator uri="http://exa mple.org/">G</generator>`), at: '/feed/generator', message: /uri "http:\/\/exa mple\.org\/" is not an IRI reference/ },
  { name: 'content with src and no summary', xml: edit(CONTENT, '<content type="application/pdf" src="https://example.org/1.pdf"/>'), at: '/feed/entry', message: /has no atom:summary, which an entry whose atom:content has a src attribute must have/ },
  { name: 'Base64 content and no summary', xml: edit(CONTENT, '<content type="image/png">iVBORw0KGgo=</content>'), at: '/feed/entry', message: /has no atom:summary, which an entry whose atom:content is Base64/ },
  { name: 'content with src that is not empty', xml: edit(CONTENT, '<content type="application/pdf" src="https://example.org/1.pdf">x</content><summary>s</summary>'), at: '/feed/entry/content', message: /atom:content with a src attribute must be empty/ },
  { name: 'two entries with the same id and updated', xml: edit('</feed>', SECOND_ENTRY.replace(':2</id>', ':1</id>').replace('2026-01-03T03:04:05Z', '2026-01-02T04:04:05+01:00')), at: '/feed/entry[2]', message: /shares its id "tag:example\.org,2026:1" and its updated "2026-01-02T04:04:05\+01:00" with \/feed\/entry\[1\]/ },
  { name: 'text between the elements of an entry', xml: edit(ENTRY_LINK, `${ENTRY_LINK} stray words`), at: '/feed/entry', message: /holds the text "stray words" outside any child element/ },
  { name: 'an xml:lang that is no language tag', xml: edit('<entry>', '<entry xml:lang="en_GB">'), at: '/feed/entry', message: /xml:lang "en_GB" is not a language tag/ },
];

describe('the Atom conformance check (RFC 4287)', () => {
  it.each(VALID)('finds nothing wrong in $name', ({ xml }) => {
    expect(atomConformanceErrors(xml)).toEqual([]);
  });

  it.each(BROKEN)('reports $name', ({ xml, at, message }) => {
    const errors = atomConformanceErrors(xml);
    const paths = Array.isArray(at) ? at : [at];
    expect(errors).toHaveLength(paths.length);
    for (const [i, error] of errors.entries()) {
      expect(error.startsWith(`${paths[i]} (line `), error).toBe(true);
      expect(error).toMatch(message);
    }
  });

  it('reports XML that is not well-formed instead of checking it', () => {
    expect(atomConformanceErrors(edit('<title>Example</title>', '<title>AT&T</title>'))).toEqual([expect.stringMatching(/^not well-formed XML: /)]);
    expect(atomConformanceErrors(edit('<feed xmlns="http://www.w3.org/2005/Atom">', '<feed xmlns="http://www.w3.org/2005/Atom"><x:y/>'))).toEqual([expect.stringMatching(/^not well-formed XML: .*prefix/)]);
  });

  it('names the line of the offending element', () => {
    const [error] = atomConformanceErrors(edit('<id>tag:example.org,2026:1</id>', '<id>1</id>'));
    expect(error).toMatch(/^\/feed\/entry\/id \(line 9\): /);
  });

  it('reads dates and IRIs as RFC 3339 and RFC 3987 write them', () => {
    for (const date of ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.123456+05:30', '2016-12-31T23:59:60Z', '2024-02-29T00:00:00-00:00']) expect(isRfc3339DateTime(date), date).toBe(true);
    for (const date of ['2026-01-02', '2026-01-02 03:04:05Z', '2026-01-02T03:04:05+0100', '2026-13-02T03:04:05Z', '2025-02-29T00:00:00Z', '2026-01-02T24:00:00Z', ' 2026-01-02T03:04:05Z']) {
      expect(isRfc3339DateTime(date), date).toBe(false);
    }
    for (const iri of ['https://例え.jp/パス?q=値#片', 'tag:example.org,2026:reports/a', 'urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6', 'mailto:a@example.org', 'http://[::1]:8080/']) expect(isIri(iri), iri).toBe(true);
    for (const iri of ['/relative', 'example.org/path', '1http://x', 'http://x/a b', 'http://x/%zz', 'http://x/<a>', 'http://x/#a#b']) expect(isIri(iri), iri).toBe(false);
    for (const ref of ['/relative', '../up?q#f', '', '//host/path']) expect(isIriReference(ref), ref).toBe(true);
    expect(isIriReference('a:b:c d')).toBe(false);
  });
});

/**
 * The reports the feed tests publish: a realistic set, plus content chosen to break feeds
 * (markup, CDATA terminators, entities, scripts, scripts of other languages, a body near
 * 900 KB). Every report has its own slug and publication time.
 */

import type { ReportJson } from '../../src/reports/schema.ts';

/** A report as the tests send it: the admin API's JSON, always with a slug. */
export type ReportInput = ReportJson & { slug: string; lang: string; topics: string[]; published: string };

/** The topics whose feeds are checked besides the main ones. */
export const TOPIC = 'sovereignty';
/** A topic in Chinese: its feed URLs are percent-encoded. */
export const CJK_TOPIC = '网络主权';

export const EVENT: ReportInput = {
  slug: 'wuzhen-summit-2026',
  title: 'World Internet Conference, Wuzhen Summit 2026',
  summary: 'Three days of panels on data flows, platform rules and the norms of state behaviour online.',
  body: [
    'The institute sent a delegation of four to the Wuzhen Summit.',
    '',
    '## Panels',
    '',
    '- Cross-border data flows and trusted data spaces',
    '- Responsible state behaviour in cyberspace',
    '',
    'The full programme is on [the conference site](https://www.wicwuzhen.example/programme).',
  ].join('\n'),
  lang: 'en',
  topics: [TOPIC, 'internet-governance'],
  published: '2026-05-12T18:00:00+08:00',
  authors: [{ name: 'Grace Hopper Example', url: 'https://people.example.org/grace' }, { name: 'Lin Example' }],
  event: {
    kind: 'conference',
    name: 'World Internet Conference Wuzhen Summit',
    start: '2026-05-09',
    end: '2026-05-11',
    location: { name: 'Wuzhen Internet International Convention and Exhibition Center', city: 'Wuzhen', country: 'China' },
    organizers: ['World Internet Conference'],
    participants: ['Research Institute for Cyberspace Governance', 'Example University'],
    speakers: [
      { name: 'Amina Example', role: 'keynote', affiliation: 'Example University' },
      { name: 'Jonas Example', role: 'panellist' },
    ],
  },
};

/** A title that is markup, an ampersand and a CDATA terminator, meant to be shown as typed. */
export const HOSTILE_TITLE = 'Escaping check: <b>bold</b> & ]]>';
/** An author name with a literal `&amp;` and angle brackets, to be shown as typed. */
export const HOSTILE_AUTHOR = 'Research &amp; Development <Team> & Co';
/** A summary whose `&amp;` is text, not an entity. */
export const HOSTILE_SUMMARY = 'Plain text with a literal &amp; and <i>tags</i> that must be shown as typed.';
export const CDATA_SENTENCE = 'A CDATA section ends with ]]> here, ]]> there, and ]]>]]> twice in a row.';
export const SCRIPT_TEXT = '<script>alert(1)</script>';

export const HOSTILE: ReportInput = {
  slug: 'escaping-check',
  title: HOSTILE_TITLE,
  summary: HOSTILE_SUMMARY,
  body: [
    CDATA_SENTENCE,
    '',
    `Someone pasted ${SCRIPT_TEXT} into the report.`,
    '',
    'In prose AT&amp;T is an entity; in code `&amp;` stays as typed.',
    '',
    'See [the agenda](/agenda) and the photo ![x](img/a.png).',
    '',
    '```html',
    '<script>alert("in code")</script> ]]>',
    '```',
  ].join('\n'),
  lang: 'en',
  topics: [TOPIC, 'security'],
  published: '2026-05-20T09:30:00Z',
  authors: [{ name: 'Ada Example', url: 'https://ada.example.net/' }, { name: HOSTILE_AUTHOR }],
};

export const CJK_TITLE = '中文网络主权研讨会纪要 🛰️👩🏽‍💻';
export const CJK_PARAGRAPH = '本次研讨会围绕中文网络主权展开讨论，与会者就数据跨境流动与平台治理交换了意见。🛰️👩🏽‍💻';
export const CJK_AUTHOR = '李华';

export const CJK: ReportInput = {
  slug: 'cyber-sovereignty-seminar-zh',
  title: CJK_TITLE,
  body: `${CJK_PARAGRAPH}\n\n第二段：中文网络主权。`,
  lang: 'zh-Hans',
  topics: [TOPIC, CJK_TOPIC],
  published: '2026-04-02T10:00:00+08:00',
  authors: [{ name: CJK_AUTHOR }],
};

export const RTL_TITLE = 'السيادة الرقمية · ריבונות דיגיטלית 🛰️';
export const ARABIC_PARAGRAPH = 'ناقشت الندوة السيادة الرقمية وحوكمة الإنترنت في المنطقة. 👩🏽‍💻';
export const HEBREW_PARAGRAPH = 'הסמינר עסק בריבונות דיגיטלית ובממשל האינטרנט.';
export const RTL_AUTHOR = 'ليلى مثال';

export const RTL: ReportInput = {
  slug: 'digital-sovereignty-ar-he',
  title: RTL_TITLE,
  body: `${ARABIC_PARAGRAPH}\n\n${HEBREW_PARAGRAPH}`,
  lang: 'ar',
  topics: [TOPIC, 'middle-east'],
  published: '2026-03-15T12:00:00+03:00',
  authors: [{ name: RTL_AUTHOR, url: 'https://people.example.org/layla' }],
};

export const NO_AUTHORS: ReportInput = {
  slug: 'data-governance-roundtable',
  title: 'Roundtable on data governance',
  body: 'Notes from the roundtable on data governance. Participants compared national data-localisation rules.',
  lang: 'en',
  topics: ['data-governance'],
  published: '2026-02-01T08:00:00Z',
};

/** The last line of the large report: its presence shows the body arrived whole. */
export const LARGE_END = 'This is the final paragraph of the archive digest.';

function largeBody(targetBytes: number): string {
  const paragraphs: string[] = [];
  let size = 0;
  for (let n = 1; size < targetBytes; n++) {
    const paragraph = `Paragraph ${n} of the archive digest records who spoke, what was proposed and which questions stayed open for the next session of the working group.`;
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  paragraphs.push(LARGE_END);
  return paragraphs.join('\n\n');
}

export const LARGE: ReportInput = {
  slug: 'archive-digest-2025',
  title: 'Archive digest 2025',
  summary: 'Every session of the 2025 working group, in one long report.',
  body: largeBody(900 * 1024),
  lang: 'en',
  topics: ['archives'],
  published: '2026-01-10T07:00:00Z',
  authors: [{ name: 'Archive Team' }],
};

/** Files offered with the seminar: a PDF kept by the site, an image elsewhere (a query string with `&`, a title with markup-like text). */
export const SEMINAR_PDF = { url: 'https://herald.example.org/media/0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000.pdf', title: 'Seminar report (PDF)', type: 'application/pdf' as const, length: 2_345_678 };
export const SEMINAR_IMAGE = { url: 'https://images.example.net/slides/1.png?size=large&lang=en', title: 'Slide 1: <rules> & "due process" &copy; AT&T', type: 'image/png' as const, length: 81_920 };

export const SEMINAR: ReportInput = {
  slug: 'seminar-platform-rules',
  title: 'Seminar: platform rules and due process',
  body: 'A seminar on notice-and-action procedures.\n\nSpeakers compared the Digital Services Act with other regimes.',
  lang: 'en',
  topics: ['platforms'],
  published: '2026-03-01T14:00:00+01:00',
  authors: [{ name: 'Maria Example', url: 'https://people.example.org/maria' }],
  event: {
    kind: 'seminar',
    name: 'Platform rules and due process',
    start: '2026-02-27T14:00+01:00',
    location: { name: 'Online', online: true },
    organizers: ['Research Institute for Cyberspace Governance'],
  },
  // The image first: RSS must still enclose the PDF, the first PDF rather than the first file.
  attachments: [SEMINAR_IMAGE, SEMINAR_PDF],
};

/** Never public: a draft, and a report scheduled far in the future. */
export const DRAFT: ReportInput = {
  slug: 'unfinished-draft',
  title: 'Unfinished draft',
  body: 'Not ready.',
  lang: 'en',
  topics: [TOPIC],
  published: '2026-05-01T00:00:00Z',
  draft: true,
};

export const SCHEDULED: ReportInput = {
  slug: 'scheduled-far-ahead',
  title: 'Scheduled far ahead',
  body: 'Not yet.',
  lang: 'en',
  topics: [TOPIC],
  published: '2099-01-01T00:00:00Z',
};

/** A title that is nothing but HTML-looking text, with entity-looking text and quotes beside it. */
export const SCRIPT_TITLE = `${SCRIPT_TEXT} &lt;i&gt; "quoted" it's &copy; &#169;`;

export const SCRIPT_TITLED: ReportInput = {
  slug: 'script-titled',
  title: SCRIPT_TITLE,
  body: 'A report whose title looks like markup.',
  lang: 'en',
  topics: [TOPIC],
  published: '2025-11-03T08:00:00Z',
  authors: [{ name: 'Ben &amp; Co <Team> &copy;' }],
};

/** Public reports, in the order they are published through the API. */
export const PUBLIC_REPORTS: ReportInput[] = [LARGE, NO_AUTHORS, SEMINAR, RTL, CJK, EVENT, HOSTILE, SCRIPT_TITLED];
export const HIDDEN_REPORTS: ReportInput[] = [DRAFT, SCHEDULED];

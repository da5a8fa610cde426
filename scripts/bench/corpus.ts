/**
 * Deterministic, realistic report inputs for the benchmark: report `i` is always the same,
 * whatever order or batch it is generated in (its own PRNG, seeded from `i`). Report 0 is
 * the newest; each next one is published about an hour earlier, so seeding a larger
 * archive only adds older reports and the newest 50 (what a feed shows) stay the same.
 *
 * Bench-only code: no imports at run time, so it bundles for workerd and Node alike.
 */
import type { ReportJson as SchemaJson } from '../../src/reports/schema.ts';
import { EVENT_KINDS } from '../../src/reports/schema.ts';

/** Fixed base date: runs are comparable, and every report is in the past. */
export const BASE_MS = Date.UTC(2026, 0, 1, 9, 0, 0);
const SPACING_MS = 3_600_000;

/** The admin API's JSON for a report, as `parseReportInput` accepts it. */
export type ReportJson = SchemaJson & { slug: string; title: string; body: string; lang: string; topics: string[]; published: string; draft: boolean };

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
export const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
export function pickSome<T>(rand: Rand, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

const KINDS = EVENT_KINDS;
const KIND_WORD: Record<(typeof KINDS)[number], string> = {
  workshop: 'Workshop',
  conference: 'Conference',
  forum: 'Forum',
  lecture: 'Lecture',
  seminar: 'Seminar',
  meeting: 'Meeting',
  other: 'Roundtable',
};

const SUBJECTS = [
  ['International Rule of Law in Cyberspace', ['rule-of-law', 'international-law']],
  ['Data Sovereignty and Cross-Border Data Flows', ['data-governance', 'sovereignty']],
  ['Due Diligence in Cyber Operations', ['due-diligence', 'international-law']],
  ['Public Attribution of Cyber Attacks', ['cyber-attribution', 'state-responsibility']],
  ['Unilateral Cyber Sanctions', ['cyber-sanctions', 'international-law']],
  ['Cybercrime Convention Negotiations', ['cybercrime', 'united-nations']],
  ['Artificial Intelligence Governance', ['ai-governance', 'ethics']],
  ['Platform Regulation and Content Moderation', ['platform-regulation', 'human-rights']],
  ['Critical Infrastructure Protection', ['critical-infrastructure', 'cybersecurity']],
  ['The UN Open-Ended Working Group', ['united-nations', 'norms']],
  ['Personal Information Protection', ['privacy', 'data-governance']],
  ['Digital Trade Rules', ['digital-trade', 'wto']],
  ['Cyber Terrorism and Counter-Terrorism Law', ['cyber-terrorism', 'cybercrime']],
  ['Internet Governance in Asia and Africa', ['asian-african-countries', 'internet-governance']],
  ['Non-Intervention and Sovereignty Online', ['non-intervention', 'sovereignty']],
  ['Semiconductor Supply Chain Security', ['supply-chain', 'cybersecurity']],
] as const;

const EXTRA_TOPICS = ['world-internet-conference', 'aalco', 'capacity-building', 'confidence-building', 'cyber-peace', 'digital-economy', 'export-control', 'encryption'];

const INSTITUTIONS = [
  'Research Institute for Cyberspace Governance, Wuhan University',
  'Law School, Wuhan University',
  'International Law Institute, Wuhan University',
  'Asian-African Legal Consultative Organization (AALCO)',
  'University of Sheffield',
  'University of Glasgow',
  'University of Essex',
  'Stockholm University',
  'University of Naples Federico II',
  'University of Hong Kong',
  'Chinese Academy of Social Sciences',
  'China Institutes of Contemporary International Relations',
  'Nanjing University',
  'Xiamen University',
  'Higher School of Economics, Moscow',
  'Shanghai Academy of Social Sciences',
  'Center for Strategic and International Studies',
  'UNODC',
  'Université de Genève',
  'Tallinn University of Technology',
  'Leiden University',
  'National University of Singapore',
];

const FIRST = ['Zhixiong', 'Feng', 'Kamalinne', 'Neil', 'Bruce', 'James', 'Anna', 'Marie', 'Jürgen', 'Olena', 'Hiroshi', 'Fatima', 'Carlos', 'Priya', 'Wei', 'Lucía', 'Kwame', 'Sofia'];
const LAST = ['Huang', 'Guo', 'Pinitpuvadol', 'Walsh', 'McConnell', 'Lewis', 'Schmitt', 'Dubois', 'Müller', 'Kovalenko', 'Tanaka', 'Haddad', 'Mendes', 'Raman', 'Zhang', 'García', 'Mensah', 'Rossi'];
const ROLES = ['keynote speech', 'opening address', 'closing remarks', 'panel moderator', 'presentation', 'commentary'];
const TITLES = ['Professor', 'Dr.', 'Ambassador', ''];
const CITIES = [
  ['Wuhan', 'China'],
  ['Wuzhen, Zhejiang', 'China'],
  ['Geneva', 'Switzerland'],
  ['New Delhi', 'India'],
  ['Tallinn', 'Estonia'],
  ['The Hague', 'Netherlands'],
  ['Singapore', 'Singapore'],
  ['Nairobi', 'Kenya'],
] as const;

const OPENERS = [
  'Participants discussed',
  'The speakers examined',
  'The session focused on',
  'Scholars and practitioners debated',
  'Delegates reviewed',
  'The panel compared',
];
const OBJECTS = [
  'the legal regulation of cybercrime and cyber terrorism',
  'the legitimacy of international law-making in cyberspace',
  'the principle of sovereignty as applied to information and communication technologies',
  'the obligation of due diligence and its limits',
  'the evidentiary standards of public cyber attribution',
  'the lawfulness of unilateral cyber sanctions',
  'the role of regional organizations in norm-building',
  'capacity building for developing countries',
  'confidence-building measures between states',
  'the protection of critical infrastructure in peacetime',
];
const CLOSERS = [
  'and called for closer cooperation among states.',
  'noting that gaps between academia and governments remain.',
  'with several speakers stressing the need for broad consensus.',
  'and agreed to continue the dialogue at the next meeting.',
  'while pointing to the practice of states as the decisive factor.',
  'and stressed that rules must reflect the interests of all countries.',
];

function sentence(rand: Rand): string {
  return `${pick(rand, OPENERS)} ${pick(rand, OBJECTS)}, ${pick(rand, OBJECTS).replace(/^the /, 'as well as ')}, ${pick(rand, CLOSERS)}`;
}

function paragraph(rand: Rand, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rand)).join(' ');
}

function person(rand: Rand): string {
  const title = pick(rand, TITLES);
  return `${title ? `${title} ` : ''}${pick(rand, FIRST)} ${pick(rand, LAST)}`;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** When report `i` was published (epoch ms): strictly decreasing with `i`. */
export function publishedMs(i: number): number {
  return BASE_MS - i * SPACING_MS - Math.floor(prng(i * 7 + 3)() * (SPACING_MS / 2));
}

/** When report `i` was stored (its `created`/`updated`): a few minutes after publication. */
export function storedMs(i: number): number {
  return publishedMs(i) + 5 * 60_000 + (i % 7) * 1000;
}

/** One report as an editor would send it: ~2–5 KB of Markdown, topics and an event. */
export function reportJson(i: number): ReportJson {
  const rand = prng(0x9e3779b1 ^ Math.imul(i + 1, 0x85ebca6b));
  const [subject, baseTopics] = pick(rand, SUBJECTS);
  const kind = pick(rand, KINDS);
  const edition = int(rand, 1, 12);
  const title = `${KIND_WORD[kind]} on ${subject}${rand() < 0.4 ? ` (${edition}${edition === 1 ? 'st' : edition === 2 ? 'nd' : edition === 3 ? 'rd' : 'th'} edition)` : ''}`;
  const published = new Date(publishedMs(i));
  const day = published.toISOString().slice(0, 10);
  const topics = [...baseTopics, ...pickSome(rand, EXTRA_TOPICS, int(rand, 0, 3))];
  const online = rand() < 0.3;
  const [city, country] = pick(rand, CITIES);
  const organizers = pickSome(rand, INSTITUTIONS, int(rand, 1, 3));
  const participants = pickSome(rand, INSTITUTIONS, int(rand, 0, 10));
  const speakers = Array.from({ length: int(rand, 1, 5) }, () => ({ name: person(rand), role: pick(rand, ROLES), affiliation: pick(rand, INSTITUTIONS) }));

  // Body: a lead paragraph, sections with a heading, a list, links (relative and absolute).
  const parts: string[] = [];
  parts.push(`On ${day}, the ${title} was held ${online ? 'online' : `in ${city}`}. It was organized by ${organizers.join(', ')}. ${paragraph(rand, 2)}`);
  const target = 2000 + Math.floor(rand() * 3000);
  let size = parts[0]!.length;
  let section = 0;
  while (size < target) {
    let block: string;
    const r = rand();
    if (r < 0.15 && section < 3) {
      section++;
      block = `## ${pick(rand, ['Discussion', 'Key findings', 'Next steps', 'Background', 'Remarks'])}`;
    } else if (r < 0.3) {
      block = speakers.map((s) => `- **${s.name}** (${s.affiliation}): ${pick(rand, OBJECTS)}`).join('\n');
    } else if (r < 0.4) {
      block = `${paragraph(rand, 1)} See [the programme](/reports/${slugify(subject)}-programme) and the [conference site](https://example.org/events/${edition}?lang=en&ref=herald).`;
    } else {
      block = paragraph(rand, int(rand, 2, 4));
    }
    parts.push(block);
    size += block.length + 2;
  }
  const slug = `${day}-${slugify(title).slice(0, 70).replace(/-+$/, '')}-${i.toString(36)}`;
  return {
    slug,
    title,
    body: parts.join('\n\n'),
    lang: 'en',
    topics,
    published: published.toISOString(),
    draft: i % 37 === 5,
    authors: rand() < 0.5 ? [{ name: person(rand) }] : [],
    event: {
      kind,
      name: title,
      start: day,
      ...(rand() < 0.3 ? { end: new Date(publishedMs(i) + 86_400_000).toISOString().slice(0, 10) } : {}),
      location: online ? { name: 'Online', online: true } : { name: `${pick(rand, ['Conference Centre', 'Law School', 'Convention Hall'])}`, city, country },
      organizers,
      participants,
      speakers,
    },
  };
}

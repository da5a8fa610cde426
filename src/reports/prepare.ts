import { reportUrl } from '../common/urls.ts';
import { renderBody } from './rendering.ts';
import type { Report, ReportInput } from './schema.ts';
import { deriveSlug } from './text.ts';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** JSON with object keys sorted, so equal content always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * The content hash of a report's input fields (with its slug and `published`): what tells a
 * change from none, and the report's ETag. A file-made report hashes without its `source`,
 * as every report did before `source` existed, so syncing the files after the upgrade
 * changes no stored report; a desk-made one hashes with it, so a report moving between
 * the desk and a file is a change (a revision, a new ETag).
 */
export function contentHash(content: ReportInput & { slug: string; published: string }): Promise<string> {
  const { source, ...rest } = content;
  return sha256(canonicalJson(source === 'desk' ? content : rest));
}

/**
 * The permanent id of a report: a `tag:` URI (RFC 4151) minted from the site's host, the
 * day the report was first stored and its slug. It is stored with the report, so neither
 * a new title nor a later move of the site changes it.
 */
export function mintId(siteUrl: string, created: string, slug: string): string {
  return `tag:${new URL(siteUrl).hostname},${created.slice(0, 10)}:reports/${slug}`;
}

/**
 * The slug a new report gets: the one given, else one derived from its date and a Latin
 * title, else its translation key and language (`2022-rule-of-law-workshop-zh`). Null when
 * none of these gives one: the editor has to name a slug.
 */
export function slugFor(input: ReportInput, published: string): string | null {
  if (input.slug) return input.slug;
  const derived = deriveSlug(published, input.title);
  if (derived) return derived;
  if (!input.translation_key) return null;
  const slug = `${input.translation_key}-${input.lang.split('-')[0]!.toLowerCase()}`;
  return slug.length <= 100 ? slug : null;
}

/** Why {@link slugFor} gave no slug, as a field error. */
export const NO_SLUG = {
  field: 'slug',
  message: 'is required: the title gives no Latin-letter slug and the report has no translation_key to derive one from (e.g. "2022-rule-of-law-workshop-zh")',
};

/**
 * Builds the report to store from validated input and the version stored before (or null).
 * Server-kept fields carry over: `id` and `created` never change, `published` stays when
 * the input leaves it out, and `updated` moves only when the content really changed. The
 * body is rendered here, once per save, so no feed rebuild or page view renders Markdown.
 */
export async function prepareReport(input: ReportInput, previous: Report | null, context: { now: number; siteUrl: string; slug: string }): Promise<Report> {
  const nowIso = new Date(context.now).toISOString();
  const published = input.published ?? previous?.published ?? nowIso;
  const content = { ...input, slug: context.slug, published };
  const hash = await contentHash(content);
  const created = previous?.created ?? nowIso;
  return {
    ...content,
    id: previous?.id ?? mintId(context.siteUrl, created, context.slug),
    created,
    updated: previous && previous.hash === hash ? previous.updated : nowIso,
    hash,
    rendered: renderBody(content, reportUrl(context, context.slug)),
  };
}

import { parse } from 'yaml';
import { LANGUAGES, type Lang } from './i18n/index.ts';
import { isTopic, normalizeTopic } from './scope.ts';

/** One catalogued topic: its label and introduction in each language the catalogue gives. */
export interface TopicEntry {
  label: Partial<Record<Lang, string>>;
  intro: Partial<Record<Lang, string>>;
}

export type TopicCatalogue = ReadonlyMap<string, TopicEntry>;

export class TopicCatalogueError extends Error {
  override name = 'TopicCatalogueError';
}

const MAX_LABEL = 80;
const MAX_INTRO = 1200;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

function text(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string') throw new TopicCatalogueError(`${where} must be text`);
  const clean = value.replace(/\s+/gu, ' ').trim().normalize('NFC');
  if (clean === '') throw new TopicCatalogueError(`${where} is empty`);
  if (CONTROL.test(clean)) throw new TopicCatalogueError(`${where} holds a control character`);
  if ([...clean].length > max) throw new TopicCatalogueError(`${where} is longer than ${max} characters`);
  return clean;
}

/**
 * Reads `content/topics.yml`: a map from topic slug to, per language, `{ label, intro }`
 * (intro optional). Pure (the text in, the catalogue out) so the Worker, which gets the file
 * bundled, and `content:sync`, which reads it from disk, read it alike. Anything malformed
 * throws naming the topic and the field.
 */
export function parseTopicCatalogue(source: string): TopicCatalogue {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (error) {
    throw new TopicCatalogueError(`topics.yml is not valid YAML: ${(error as Error).message}`);
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new TopicCatalogueError('topics.yml must map topic names to their labels');
  const catalogue = new Map<string, TopicEntry>();
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    const topic = normalizeTopic(name);
    if (topic !== name || !isTopic(topic)) throw new TopicCatalogueError(`topics.yml: "${name}" is not a topic name (lower-case letters and digits joined by hyphens)`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TopicCatalogueError(`topics.yml: ${name} must give a label per language (en:, zh:)`);
    const entry: TopicEntry = { label: {}, intro: {} };
    for (const [key, perLang] of Object.entries(value as Record<string, unknown>)) {
      if (!(LANGUAGES as readonly string[]).includes(key)) throw new TopicCatalogueError(`topics.yml: ${name}.${key} is not a language (${LANGUAGES.join(', ')})`);
      const lang = key as Lang;
      if (typeof perLang === 'string') {
        entry.label[lang] = text(perLang, `topics.yml: ${name}.${lang}`, MAX_LABEL);
        continue;
      }
      if (typeof perLang !== 'object' || perLang === null) throw new TopicCatalogueError(`topics.yml: ${name}.${lang} must be a label or { label, intro }`);
      const fields = perLang as Record<string, unknown>;
      for (const field of Object.keys(fields)) {
        if (field !== 'label' && field !== 'intro') throw new TopicCatalogueError(`topics.yml: ${name}.${lang}.${field} is not a field (label, intro)`);
      }
      entry.label[lang] = text(fields.label, `topics.yml: ${name}.${lang}.label`, MAX_LABEL);
      if (fields.intro !== undefined) entry.intro[lang] = text(fields.intro, `topics.yml: ${name}.${lang}.intro`, MAX_INTRO);
    }
    if (Object.keys(entry.label).length === 0) throw new TopicCatalogueError(`topics.yml: ${name} has no label`);
    catalogue.set(topic, entry);
  }
  return catalogue;
}

/**
 * A topic's label in `lang`: the catalogue's label in that language, else in the site's
 * other language, else the slug itself (an uncatalogued topic still works).
 */
export function labelIn(catalogue: TopicCatalogue, topic: string, lang: Lang): string {
  const entry = catalogue.get(topic);
  if (!entry) return topic;
  return entry.label[lang] ?? LANGUAGES.map((l) => entry.label[l]).find((label) => label !== undefined) ?? topic;
}

/** A topic's introduction in `lang`, if the catalogue gives one in that language. */
export function introIn(catalogue: TopicCatalogue, topic: string, lang: Lang): string | undefined {
  return catalogue.get(topic)?.intro[lang];
}

import source from '../../content/topics.yml';
import { fnv1a64 } from './hash.ts';
import type { Lang } from './i18n/index.ts';
import { introIn, labelIn, parseTopicCatalogue, type TopicCatalogue } from './topic-catalogue.ts';

/**
 * The topic catalogue the Worker was deployed with (`content/topics.yml`, bundled as text).
 * Parsed once per isolate; a malformed catalogue fails the deploy's dry run and every test,
 * since this module throws on load.
 */
export const TOPICS: TopicCatalogue = parseTopicCatalogue(source);

/** A short hash of the catalogue, part of every rendered copy's fingerprint: a new label rebuilds them. */
export const TOPICS_FINGERPRINT = fnv1a64(source);

/** A topic's label in `lang` (the slug for a topic the catalogue lacks). Never a slug when the catalogue has it. */
export const topicLabel = (topic: string, lang: Lang): string => labelIn(TOPICS, topic, lang);

/** A topic's one-paragraph introduction in `lang`, if catalogued. */
export const topicIntro = (topic: string, lang: Lang): string | undefined => introIn(TOPICS, topic, lang);

/** True for a topic in the catalogue. */
export const isCatalogued = (topic: string): boolean => TOPICS.has(topic);

/** The catalogued topics, in the catalogue's order. */
export const cataloguedTopics = (): string[] => [...TOPICS.keys()];

import { describe, expect, it } from 'vitest';
import { parseTopicCatalogue, TopicCatalogueError } from '../../../src/common/topic-catalogue.ts';
import { isCatalogued, topicIntro, topicLabel } from '../../../src/common/topics.ts';

describe('the topic catalogue', () => {
  it('gives the seeds’ topics a label and an introduction in both languages, as bundled from content/topics.yml', () => {
    expect(topicLabel('asian-african-countries', 'en')).toBe('Asia and Africa');
    expect(topicLabel('asian-african-countries', 'zh')).toBe('亚非国家');
    expect(topicIntro('sovereignty', 'zh')).toMatch(/主权/);
    expect(isCatalogued('sovereignty')).toBe(true);
  });

  it('labels an uncatalogued topic with its slug, and a topic labelled in one language with that label in the other', () => {
    expect(topicLabel('quantum-governance', 'en')).toBe('quantum-governance');
    const only = parseTopicCatalogue('ai:\n  en: Artificial intelligence\n');
    expect(only.get('ai')?.label).toEqual({ en: 'Artificial intelligence' });
  });

  it.each([
    ['not a map', '- a\n- b\n', /must map topic names/],
    ['a slug with capitals', 'Sovereignty:\n  en: S\n', /"Sovereignty" is not a topic name/],
    ['an unknown language', 'ai:\n  fr: IA\n', /ai\.fr is not a language/],
    ['an unknown field', 'ai:\n  en: { label: AI, blurb: x }\n', /ai\.en\.blurb is not a field/],
    ['an empty label', 'ai:\n  en: { label: "  " }\n', /ai\.en\.label is empty/],
    ['a control character', 'ai:\n  en: "A\\u0007I"\n', /control character/],
    ['broken YAML', 'ai: [\n', /not valid YAML/],
  ])('refuses %s, naming the topic and field', (_what, source, message) => {
    expect(() => parseTopicCatalogue(source)).toThrow(TopicCatalogueError);
    expect(() => parseTopicCatalogue(source)).toThrow(message);
  });
});

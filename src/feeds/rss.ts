import { baseItem, newFeed } from './feed-package.ts';
import type { FeedModel } from './model.tsx';
import { attr, beforeEachEnd, hexReferencesIn, MARKUP_CHARS, xmlText } from './xml-safe.ts';

/**
 * RSS 2.0 with `atom:link rel="self"` (and `rel="hub"` for WebSub), `content:encoded`
 * for the full HTML and `dc:creator` for authors: RSS's own `<author>` must be an email
 * address, which reports do not carry. An item in another language than the channel's
 * `<language>` states its own in `dc:language` (the `dc` namespace is declared with
 * `content`, which every item has). An item with a PDF attachment encloses the first one
 * (`<enclosure>`: RSS allows one per item, and validators warn at a second); its other
 * attachments are in the Atom and JSON feeds.
 */
export function renderRss(model: FeedModel): string {
  const feed = newFeed(model, { feedLinks: { rss: model.feedUrls.rss } });
  for (const item of model.items) {
    const creators = (item.authors.length > 0 ? item.authors.map((a) => a.name) : [model.author]).map((name) => ({ _text: xmlText(name) }));
    // The channel's <language> covers the items in it; an item in another says so.
    const language = item.lang.toLowerCase() === model.lang.toLowerCase() ? [] : [{ name: 'dc:language', objects: { _text: xmlText(item.lang) } }];
    feed.addItem({
      ...baseItem(item),
      // RSS readers show a category's text: the topic's label. Its page (`domain`) names the topic whatever the label says.
      category: item.topics.map((topic) => ({ name: xmlText(topic.label), domain: topic.url })),
      extensions: [{ name: 'dc:creator', objects: creators as unknown as Record<string, unknown> }, ...language],
    });
  }
  let xml = feed.rss2();
  // Titles and categories are text, not markup: see hexReferences. Rarely needed, so only then.
  if (MARKUP_CHARS.test(model.title) || model.items.some((item) => MARKUP_CHARS.test(item.title))) xml = hexReferencesIn(xml, 'title');
  if (model.items.some((item) => item.topics.some((topic) => MARKUP_CHARS.test(topic.label)))) xml = hexReferencesIn(xml, 'category', true);
  const pdfs = model.items.map((item) => item.attachments.find((a) => a.type === 'application/pdf'));
  if (pdfs.some(Boolean)) xml = beforeEachEnd(xml, 'item', (i) => (pdfs[i] ? [`<enclosure url="${attr(pdfs[i].url)}" length="${pdfs[i].length}" type="application/pdf"/>`] : []));
  return xml;
}

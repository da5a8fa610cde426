import { baseItem, newFeed } from './feed-package.ts';
import type { ArchiveLinks, FeedModel } from './model.tsx';
import { attr, beforeEachEnd, hexReferencesIn, MARKUP_CHARS, outsideCdata, textAttr, xmlText } from './xml-safe.ts';

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';
const FH = 'http://purl.org/syndication/history/1.0';

/** RFC 5005 §4 links (and `fh:archive` on an archive document), which `feed` cannot write. */
function withArchiveLinks(xml: string, links: ArchiveLinks): string {
  const lines = [
    links.archived ? '<fh:archive/>' : '',
    links.current ? `<link rel="current" href="${attr(links.current)}"/>` : '',
    links.prev ? `<link rel="prev-archive" href="${attr(links.prev.atom)}"/>` : '',
    links.next ? `<link rel="next-archive" href="${attr(links.next.atom)}"/>` : '',
  ].filter(Boolean);
  if (lines.length === 0) return xml;
  const root = links.archived ? `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="${FH}">` : ATOM_ROOT;
  return xml.replace(ATOM_ROOT, `${root}\n    ${lines.join('\n    ')}`);
}

/**
 * The languages `feed` cannot write: `xml:lang` on the feed and on each entry (RFC 4287 §2),
 * and each entry's links to its other versions (`rel="alternate"`, `hreflang` their own tag).
 */
function withLanguages(xml: string, model: FeedModel): string {
  let opened = 0;
  return outsideCdata(xml, (markup) =>
    markup
      .replace('<feed xmlns="http://www.w3.org/2005/Atom"', (root) => `${root} xml:lang="${attr(model.lang)}"`)
      .replace(/<entry>/g, () => `<entry xml:lang="${attr(model.items[opened++]!.lang)}">`),
  );
}

/**
 * The links `feed` cannot write right, after each entry's own: its other versions
 * (`rel="alternate"`, `hreflang` their own tag), then each attachment as
 * `rel="enclosure"` with its type, length and title (`feed` writes one enclosure, typed by
 * its URL's extension).
 */
function withEntryLinks(xml: string, model: FeedModel): string {
  return beforeEachEnd(xml, 'entry', (i) => {
    const item = model.items[i]!;
    return [
      ...item.translations.map((t) => `<link rel="alternate" type="text/html" hreflang="${attr(t.lang)}" href="${attr(t.url)}"/>`),
      ...item.attachments.map((a) => `<link rel="enclosure" type="${attr(a.type)}" href="${attr(a.url)}" length="${a.length}" title="${textAttr(a.title)}"/>`),
    ];
  });
}

/** Atom 1.0 (RFC 4287): the feed's author covers entries that name none. */
export function renderAtom(model: FeedModel): string {
  const feed = newFeed(model, { feedLinks: { atom: model.feedUrls.atom }, author: { name: xmlText(model.author) } });
  for (const item of model.items) {
    feed.addItem({
      ...baseItem(item),
      // `term` is the topic's slug, its id in every feed and language; `label` is what readers show.
      category: item.topics.map((topic) => ({ name: xmlText(topic.label), term: xmlText(topic.name), scheme: model.topicScheme })),
      author: item.authors.map((author) => ({ name: xmlText(author.name), link: author.url })),
    });
  }
  let xml = feed.atom1();
  // Person names and the feed's title are text, not markup: see hexReferences.
  if (MARKUP_CHARS.test(model.author) || model.items.some((item) => item.authors.some((author) => MARKUP_CHARS.test(author.name)))) xml = hexReferencesIn(xml, 'name');
  if (MARKUP_CHARS.test(model.title)) xml = hexReferencesIn(xml, 'title');
  if (MARKUP_CHARS.test(model.description)) xml = hexReferencesIn(xml, 'subtitle');
  return withEntryLinks(withLanguages(withArchiveLinks(xml, model.archive), model), model);
}

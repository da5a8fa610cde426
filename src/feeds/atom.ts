import { baseItem, newFeed } from './feed-package.ts';
import type { FeedModel } from './model.tsx';
import { xmlText } from './xml-safe.ts';

/** Atom 1.0 (RFC 4287): the feed's author covers entries that name none. */
export function renderAtom(model: FeedModel): string {
  const feed = newFeed(model, { feedLinks: { atom: model.feedUrls.atom }, author: { name: xmlText(model.author) } });
  for (const item of model.items) {
    feed.addItem({
      ...baseItem(item),
      category: item.topics.map((topic) => ({ name: xmlText(topic.name), term: xmlText(topic.name), scheme: topic.url })),
      author: item.authors.map((author) => ({ name: xmlText(author.name), link: author.url })),
    });
  }
  return feed.atom1();
}

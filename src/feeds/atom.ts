import { Feed } from 'feed';
import type { FeedModel } from './model.tsx';
import { htmlForCdata, textAsHtml, xmlText } from './xml-safe.ts';

/** Atom 1.0 (RFC 4287): the feed's author covers entries that name none. */
export function renderAtom(model: FeedModel): string {
  const feed = new Feed({
    title: xmlText(model.title),
    description: xmlText(model.description),
    id: model.homeUrl,
    link: model.homeUrl,
    language: model.lang,
    updated: new Date(model.updated),
    generator: 'Herald',
    feedLinks: { atom: model.feedUrls.atom },
    hub: model.hub,
    author: { name: xmlText(model.author) },
  });
  for (const item of model.items) {
    feed.addItem({
      title: textAsHtml(item.title),
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      description: textAsHtml(item.summary),
      content: htmlForCdata(item.contentHtml),
      category: item.topics.map((topic) => ({ name: xmlText(topic.name), term: xmlText(topic.name), scheme: topic.url })),
      author: item.authors.map((author) => ({ name: xmlText(author.name), link: author.url })),
    });
  }
  return feed.atom1();
}

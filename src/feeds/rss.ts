import { Feed } from 'feed';
import type { FeedModel } from './model.tsx';
import { htmlForCdata, textAsHtml, xmlText } from './xml-safe.ts';

/**
 * RSS 2.0 with `atom:link rel="self"` (and `rel="hub"` for WebSub), `content:encoded`
 * for the full HTML and `dc:creator` for authors: RSS's own `<author>` must be an email
 * address, which reports do not carry.
 */
export function renderRss(model: FeedModel): string {
  const feed = new Feed({
    title: xmlText(model.title),
    description: xmlText(model.description),
    id: model.homeUrl,
    link: model.homeUrl,
    language: model.lang,
    updated: new Date(model.updated),
    generator: 'Herald',
    feedLinks: { rss: model.feedUrls.rss },
    hub: model.hub,
    copyright: xmlText(model.author),
  });
  for (const item of model.items) {
    const creators = (item.authors.length > 0 ? item.authors.map((a) => a.name) : [model.author]).map((name) => ({ _text: xmlText(name) }));
    feed.addItem({
      title: textAsHtml(item.title),
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      description: textAsHtml(item.summary),
      content: htmlForCdata(item.contentHtml),
      category: item.topics.map((topic) => ({ name: xmlText(topic.name), domain: topic.url })),
      extensions: [{ name: 'dc:creator', objects: creators as unknown as Record<string, unknown> }],
    });
  }
  return feed.rss2();
}

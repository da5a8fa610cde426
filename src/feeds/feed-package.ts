import { Feed, type FeedOptions, type Item } from 'feed';
import type { FeedItem, FeedModel } from './model.tsx';
import { htmlForCdata, textAsHtml, xmlText } from './xml-safe.ts';

/** A `feed` package Feed for the model, with everything RSS and Atom share made safe. */
export function newFeed(model: FeedModel, extra: Partial<FeedOptions>): Feed {
  return new Feed({
    title: xmlText(model.title),
    description: xmlText(model.description),
    id: model.id,
    link: model.homeUrl,
    language: model.lang,
    // Always given: without it `feed` stamps the time of rendering, and the ETag would change on every build.
    updated: new Date(model.updated),
    generator: 'Herald',
    hub: model.hub,
    ...extra,
  });
}

/** The fields of an item that RSS and Atom share, made safe for `feed`. */
export function baseItem(item: FeedItem): Item {
  return {
    title: textAsHtml(item.title),
    id: item.id,
    link: item.url,
    date: new Date(item.updated),
    published: new Date(item.published),
    description: textAsHtml(item.summary),
    content: item.contentSafe ? item.contentHtml : htmlForCdata(item.contentHtml),
  };
}

import type { FeedModel } from './model.tsx';

/**
 * JSON Feed 1.1, written here because the `feed` package only writes version 1 (no
 * `authors`, `language` or `hubs`).
 */
export function renderJson(model: FeedModel): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: model.title,
    home_page_url: model.homeUrl,
    feed_url: model.feedUrls.json,
    description: model.description,
    language: model.lang,
    authors: [{ name: model.author }],
    ...(model.hub ? { hubs: [{ type: 'WebSub', url: model.hub }] } : {}),
    // JSON Feed 1.1 paging: the older reports, a month at a time.
    ...(model.archive.prev ? { next_url: model.archive.prev.json } : {}),
    items: model.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      date_published: item.published,
      date_modified: item.updated,
      language: item.lang,
      // Readers show tags as they are: the topics' labels. Their slugs, the ids that never change, ride along in an extension.
      tags: item.topics.map((topic) => topic.label),
      ...(item.topics.length > 0 ? { _herald: { topics: item.topics.map((topic) => topic.name) } } : {}),
      ...(item.authors.length > 0 ? { authors: item.authors } : {}),
      ...(item.attachments.length > 0 ? { attachments: item.attachments.map((a) => ({ url: a.url, mime_type: a.type, title: a.title, size_in_bytes: a.length })) } : {}),
    })),
  };
  return JSON.stringify(feed, null, 2);
}

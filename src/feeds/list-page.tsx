import type { FeedModel } from './model.tsx';
import { formatDay } from '../reports/dates.ts';
import { eventLine, placeOf } from '../reports/event-details.ts';
import { type FeedLinks, Layout } from '../site/layout.tsx';
import { catalogue } from '../common/i18n/index.ts';
import { SubscribeForm } from '../subscriptions/form.tsx';

/** The topics of the listed reports: what the home page's subscribe form offers, at no extra read. */
const topicsOf = (model: FeedModel) => [...new Set(model.items.flatMap((item) => item.topics.map((topic) => topic.name)))].sort();

/** The home page or a topic's page: the same reports as the scope's feeds, newest first. */
export function ListPage({ model }: { model: FeedModel }) {
  const feeds: FeedLinks[] = [{ title: model.title, ...model.feedUrls }];
  const heading = model.scope.kind === 'all' ? 'Latest reports' : `Topic: ${model.scope.topic}`;
  return (
    <Layout title={model.title} site={model.site} lang={model.lang} feeds={feeds} canonical={model.homeUrl}>
      <h1>{heading}</h1>
      <p class="muted">{model.description}</p>
      {model.items.length === 0 && <p>No reports have been published yet.</p>}
      <ol class="reports">
        {model.items.map((item) => (
          <li lang={item.lang} dir="auto">
            <h2>
              <a href={item.url}>{item.title}</a>
            </h2>
            <div class="meta">
              Published <time datetime={item.published}>{formatDay(item.published)}</time>
            </div>
            {item.event && (
              <div class="meta">
                {eventLine({ kind: item.event.kind, start: item.event.start, end: item.event.end, place: placeOf(item.event) })}
              </div>
            )}
            <p>{item.summary}</p>
            {item.topics.length > 0 && (
              <div class="topics">
                {item.topics.map((topic) => (
                  <a href={topic.url}>#{topic.name}</a>
                ))}
              </div>
            )}
          </li>
        ))}
      </ol>
      {model.items.length > 0 && (
        <nav class="periods" aria-label="Older reports">
          <a href={model.archiveUrl}>All reports, by month</a>
          {model.olderMonth && <a href={model.olderMonth.url}>{`${model.olderMonth.label} and before →`}</a>}
        </nav>
      )}
      {model.scope.kind === 'all' && (
        <section class="subscribe-box">
          <h2>{catalogue(model.lang).subscriptions.subscribeTitle}</h2>
          <p class="muted">{catalogue(model.lang).subscriptions.subscribeIntro}</p>
          <SubscribeForm action="/subscribe" state={{ frequency: 'weekly', topics: [], lang: null, timeZone: model.timeZone, errors: [] }} topicsInUse={topicsOf(model)} lang={model.lang} />
        </section>
      )}
    </Layout>
  );
}

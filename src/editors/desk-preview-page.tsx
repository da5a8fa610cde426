import { raw } from 'hono/html';
import { catalogue, type Lang } from '../common/i18n/index.ts';
import type { Preview } from './desk-preview.ts';

/**
 * The preview of everything, as a desk page's body: the report page and the emails each in a
 * sandboxed frame (their own documents, their own styles, no script), the feed items as a
 * reader shows them with each item's exact source, and each channel's message with its count
 * against the channel's limit.
 */
export function PreviewBody({ preview, lang, unsaved, backTo }: { preview: Preview; lang: Lang; unsaved: boolean; backTo?: string }) {
  const t = catalogue(lang).deskWriting;
  const formats = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };
  return (
    <>
      <p>{t.previewIntro}</p>
      {unsaved && (
        <p class="desk-notice" role="status">
          {t.unsaved}
        </p>
      )}
      {backTo && (
        <p>
          <a href={backTo}>{t.edit}</a>
        </p>
      )}
      <nav class="preview-toc" aria-label={t.preview}>
        <ul>
          <li>
            <a href="#preview-page">{t.webPage}</a>
          </li>
          <li>
            <a href="#preview-feeds">{t.feedItems}</a>
          </li>
          <li>
            <a href="#preview-instant">{t.instantEmail}</a>
          </li>
          <li>
            <a href="#preview-daily">{t.digestPlace}</a>
          </li>
          <li>
            <a href="#preview-channels">{t.channels}</a>
          </li>
        </ul>
      </nav>
      <section id="preview-page" aria-labelledby="h-preview-page">
        <h2 id="h-preview-page">{t.webPage}</h2>
        <iframe class="preview-frame page-frame" title={t.webPageFrame} sandbox="allow-same-origin" srcdoc={preview.page} />
      </section>
      <section id="preview-feeds" aria-labelledby="h-preview-feeds">
        <h2 id="h-preview-feeds">{t.feedItems}</h2>
        <p>{t.feedItemsIntro}</p>
        <div class="feed-cards">
          {preview.feeds.map((f) => (
            <article class="feed-card" data-format={f.format} aria-labelledby={`feed-${f.format}`}>
              <h3 id={`feed-${f.format}`}>{formats[f.format]}</h3>
              <p class="feed-title">{f.title}</p>
              <p class="feed-date">
                <time>{f.date}</time>
              </p>
              <p class="feed-summary">{f.summary}</p>
              <details>
                <summary>{t.body}</summary>
                <div class="prose">{raw(f.contentHtml)}</div>
              </details>
              <details>
                <summary>{f.format === 'json' ? 'JSON' : 'XML'}</summary>
                <pre tabindex={0}>
                  <code>{f.source}</code>
                </pre>
              </details>
            </article>
          ))}
        </div>
      </section>
      <section id="preview-instant" aria-labelledby="h-preview-instant">
        <h2 id="h-preview-instant">{t.instantEmail}</h2>
        <p>
          {t.subject}: <strong>{preview.instant.subject}</strong>
        </p>
        <iframe class="preview-frame email-frame" title={t.instantEmail} sandbox="" srcdoc={preview.instant.html} />
        <details>
          <summary>Text</summary>
          <pre tabindex={0}>{preview.instant.text}</pre>
        </details>
      </section>
      <section id="preview-daily" aria-labelledby="h-preview-daily">
        <h2 id="h-preview-daily">{t.digestPlace}</h2>
        <p>
          {t.subject}: <strong>{preview.daily.subject}</strong>
        </p>
        <iframe class="preview-frame email-frame" title={t.digestPlace} sandbox="" srcdoc={preview.daily.html} />
      </section>
      <section id="preview-channels" aria-labelledby="h-preview-channels">
        <h2 id="h-preview-channels">{t.channels}</h2>
        {preview.channels.length === 0 ? (
          <p>{t.noChannels}</p>
        ) : (
          preview.channels.map(({ channel, message }) => (
            <article class="channel-card" data-channel={channel.id} aria-labelledby={`ch-${channel.id}`}>
              <h3 id={`ch-${channel.id}`}>
                {channel.id} <small>({channel.type})</small>
              </h3>
              <p class={message.count > message.limit ? 'count over' : 'count'}>{t.count(message.count, message.limit, t.units[message.unit] ?? message.unit)}</p>
              <pre tabindex={0}>{message.text}</pre>
            </article>
          ))
        )}
      </section>
    </>
  );
}

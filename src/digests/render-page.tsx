import type { SiteConfig } from '../common/config.ts';
import { scopeUrls } from '../common/urls.ts';
import { catalogue, formatInstant } from '../common/i18n/index.ts';
import { Layout } from '../site/layout.tsx';
import { ALL } from '../common/scope.ts';
import type { Digest, DigestItem } from './compose.ts';
import type { Edition } from './edition-store.ts';

type Strings = ReturnType<typeof catalogue>['digest'];

function feedsOf(site: SiteConfig) {
  return [{ title: site.title, ...scopeUrls(site, ALL) }];
}

function Item({ item, t }: { item: DigestItem; t: Strings }) {
  return (
    <li lang={item.lang} dir="auto">
      <div class="meta">{item.kind === 'event' ? item.eventKind : t.news}</div>
      <h3>
        <a href={item.url}>{item.title}</a>
      </h3>
      {item.when && (
        <div class="meta">
          {t.label(t.when)} {item.when}
        </div>
      )}
      {item.where && (
        <div class="meta">
          {t.label(t.where)} {item.where}
        </div>
      )}
      {item.organizers.length > 0 && (
        <div class="meta">
          {t.label(t.organizers)} {t.list(item.organizers)}
        </div>
      )}
      {item.speakers.length > 0 && (
        <div class="meta">
          {t.label(t.speakers)} {t.list(item.speakers.map((s) => t.speaker(s.name, s.role)))}
          {item.moreSpeakers > 0 ? `; ${t.moreSpeakers(item.moreSpeakers)}` : ''}
        </div>
      )}
      <p>{item.summary}</p>
      {item.topics.length > 0 && (
        <div class="meta">
          {t.label(t.topics)} {item.topics.join(', ')}
        </div>
      )}
    </li>
  );
}

/**
 * What a digest says, as HTML: the window, upcoming events, then the rest. Shared by the
 * web page and the archive feed's entries.
 */
export function DigestSections({ digest }: { digest: Digest }) {
  const t = catalogue(digest.lang).digest;
  const upcoming = digest.items.filter((i) => i.upcoming);
  const rest = digest.items.filter((i) => !i.upcoming);
  return (
    <>
      <p class="muted">{digest.period}</p>
      {digest.items.length === 0 && <p>{t.empty}</p>}
      {upcoming.length > 0 && <h2>{t.upcoming}</h2>}
      {upcoming.length > 0 && (
        <ol class="reports">
          {upcoming.map((item) => (
            <Item item={item} t={t} />
          ))}
        </ol>
      )}
      {rest.length > 0 && <h2>{t.past}</h2>}
      {rest.length > 0 && (
        <ol class="reports">
          {rest.map((item) => (
            <Item item={item} t={t} />
          ))}
        </ol>
      )}
    </>
  );
}

/** A digest as a web page, with links to subscribe and to the archive. */
export function DigestPage({ digest, site, canonical }: { digest: Digest; site: SiteConfig; canonical: string }) {
  const t = catalogue(digest.lang).digest;
  return (
    <Layout title={`${digest.subject} · ${site.title}`} site={site} lang={digest.lang} feeds={feedsOf(site)} canonical={canonical}>
      <h1>{t.heading(site.title)}</h1>
      <DigestSections digest={digest} />
      <p>
        <a href={`${site.siteUrl}/subscribe`}>{t.subscribe}</a> · <a href={`${site.siteUrl}/digests`}>{t.archive}</a>
      </p>
    </Layout>
  );
}

/** The web archive: the editions, newest first, with a link to older ones. */
export function ArchivePage({ editions, site, older }: { editions: Edition[]; site: SiteConfig; older: string | null }) {
  const t = catalogue(site.lang).digest;
  return (
    <Layout
      title={t.archiveTitle(site.title)}
      site={site}
      lang={site.lang}
      feeds={[...feedsOf(site)]}
      canonical={`${site.siteUrl}/digests`}
      head={<link rel="alternate" type="application/atom+xml" title={t.archiveTitle(site.title)} href={`${site.siteUrl}/digests/atom.xml`} />}
    >
      <h1>{t.archiveTitle(site.title)}</h1>
      {editions.length === 0 && <p>{t.archiveEmpty}</p>}
      <ol class="reports">
        {editions.map((e) => (
          <li>
            <div class="meta">
              {e.frequency === 'daily' ? t.daily : t.weekly} · {formatInstant(e.until, site.lang, site.timeZone)}
            </div>
            <h2>
              <a href={`${site.siteUrl}/digests/${e.id}`}>{e.subject}</a>
            </h2>
          </li>
        ))}
      </ol>
      {older && (
        <p>
          <a href={older}>{t.older}</a>
        </p>
      )}
    </Layout>
  );
}

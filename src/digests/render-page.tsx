import type { SiteConfig } from '../common/config.ts';
import { scopeUrls } from '../common/urls.ts';
import { catalogue, formatInstant, type Lang, uiLanguage } from '../common/i18n/index.ts';
import { Layout } from '../site/layout.tsx';
import { ALL, inLanguage } from '../common/scope.ts';
import type { Digest, DigestItem } from './compose.ts';
import { editionHeading, topicLabels } from './edition-name.ts';
import { type Edition, editionIn } from './edition-store.ts';

type Strings = ReturnType<typeof catalogue>['digest'];

/** The feeds of the page's language, for autodiscovery. */
function feedsOf(site: SiteConfig, lang: string) {
  const l = uiLanguage(lang);
  return [{ title: site.names[l].title, ...scopeUrls(site, inLanguage(ALL, l)) }];
}

/** The same page in each language: `path` (with its query) under each language's root. */
export type Alternates = Partial<Record<Lang, string>>;

function Item({ item, t, lang }: { item: DigestItem; t: Strings; lang: string }) {
  return (
    <li lang={item.lang} dir="auto">
      <div class="meta">
        {item.kind === 'event' ? item.eventKind : t.news}
        {item.only ? ` · ${item.only}` : ''}
      </div>
      <h3>
        <a href={item.url}>{item.title}</a>
      </h3>
      {item.when && (
        <div class="meta">
          {t.label(t.when)}{t.afterLabel(item.when)}
        </div>
      )}
      {item.where && (
        <div class="meta">
          {t.label(t.where)}{t.afterLabel(item.where)}
        </div>
      )}
      {item.organizers.length > 0 && (
        <div class="meta">
          {t.label(t.organizers)}{t.afterLabel(t.list(item.organizers))}
        </div>
      )}
      {item.speakers.length > 0 && (
        <div class="meta">
          {t.label(t.speakers)}{t.afterLabel(t.list([...item.speakers.map((s) => t.speaker(s.name, s.role)), ...(item.moreSpeakers > 0 ? [t.moreSpeakers(item.moreSpeakers)] : [])]))}
        </div>
      )}
      <p>{item.summary}</p>
      {item.topics.length > 0 && (
        <div class="meta">
          {t.label(t.topics)}{t.afterLabel(t.wordList(topicLabels(item.topics, lang)))}
        </div>
      )}
      {(item.alternates ?? []).length > 0 && (
        <div class="meta">
          {(item.alternates ?? []).map((alternate, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a href={alternate.url} hreflang={alternate.lang} lang={alternate.lang}>
                {alternate.label}
              </a>
            </>
          ))}
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
            <Item item={item} t={t} lang={digest.lang} />
          ))}
        </ol>
      )}
      {rest.length > 0 && <h2>{t.past}</h2>}
      {rest.length > 0 && (
        <ol class="reports">
          {rest.map((item) => (
            <Item item={item} t={t} lang={digest.lang} />
          ))}
        </ol>
      )}
    </>
  );
}

/** Where the pages of a language live: '' for English, '/zh' for Chinese. */
const prefixOf = (lang: string) => (lang === 'zh' ? '/zh' : '');

/** A digest as a web page, with links to subscribe and to the archive in its language. */
export function DigestPage({ digest, site, canonical, alternates }: { digest: Digest; site: SiteConfig; canonical: string; alternates?: Alternates }) {
  const t = catalogue(digest.lang).digest;
  const prefix = prefixOf(digest.lang);
  const names = site.names[uiLanguage(digest.lang)];
  const title = names.title;
  // A kept edition is headed with its name ("Daily brief · Thursday 3 December"); any other window as the site's digest.
  const heading = digest.edition ? editionHeading(digest, names.short).name : t.heading(title);
  return (
    <Layout title={`${digest.subject} · ${title}`} site={site} lang={digest.lang} feeds={feedsOf(site, digest.lang)} canonical={canonical} alternates={alternates}>
      <h1>{heading}</h1>
      <DigestSections digest={digest} />
      <p>
        <a href={`${site.siteUrl}${prefix}/subscribe`}>{t.subscribe}</a> · <a href={`${site.siteUrl}${prefix}/digests`}>{t.archive}</a>
      </p>
    </Layout>
  );
}

/** The web archive in `lang`: the editions, newest first, with a link to older ones. */
export function ArchivePage({ editions, site, older, lang, alternates }: { editions: Edition[]; site: SiteConfig; older: string | null; lang: string; alternates?: Alternates }) {
  const t = catalogue(lang).digest;
  const base = `${site.siteUrl}${prefixOf(lang)}`;
  const title = site.names[uiLanguage(lang)].title;
  return (
    <Layout
      title={t.archiveTitle(title)}
      site={site}
      lang={lang}
      feeds={feedsOf(site, lang)}
      canonical={`${base}/digests`}
      alternates={alternates}
      head={<link rel="alternate" type="application/atom+xml" title={t.archiveTitle(title)} href={`${base}/digests/atom.xml`} />}
    >
      <h1>{t.archiveTitle(title)}</h1>
      {editions.length === 0 && <p>{t.archiveEmpty}</p>}
      <ol class="reports">
        {editions.map((e) => (
          <li>
            <div class="meta">
              {e.frequency === 'daily' ? t.daily : t.weekly} · {formatInstant(e.until, lang, site.timeZone)}
            </div>
            <h2>
              <a href={`${base}/digests/${e.id}`}>{editionIn(e, lang).subject}</a>
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

import { Feed } from 'feed';
import type { SiteConfig } from '../common/config.ts';
import { htmlForCdata, textAsHtml, xmlText } from '../feeds/xml-safe.ts';
import { catalogue, LANGUAGE_TAGS, uiLanguage } from '../common/i18n/index.ts';
import { type Edition, editionIn } from './edition-store.ts';
import { DigestSections } from './render-page.tsx';

/**
 * The Atom feed of the digest archive (/digests/atom.xml): one entry per edition, with a
 * permanent tag: id, the edition's time as `updated` (never the time of rendering), and the
 * digest as HTML (escaped by JSX, with absolute links) in the content.
 */
export function renderArchiveAtom(site: SiteConfig, editions: Edition[], now: number, lang = 'en'): string {
  const t = catalogue(lang).digest;
  const title = site.names[uiLanguage(lang)].title;
  const base = `${site.siteUrl}${lang === 'zh' ? '/zh' : ''}`;
  const self = `${base}/digests/atom.xml`;
  const host = new URL(site.siteUrl).hostname;
  const newest = editions.reduce((max, e) => Math.max(max, e.createdAt), 0);
  const feed = new Feed({
    title: xmlText(t.archiveTitle(title)),
    description: xmlText(t.archiveTitle(title)),
    id: `${base}/digests`,
    link: `${base}/digests`,
    language: LANGUAGE_TAGS[uiLanguage(lang)],
    // An archive with no edition yet is dated to the start of today (UTC): a plausible date
    // (validators warn about 1970), yet the same bytes and ETag all day.
    updated: new Date(newest || Math.floor(now / 86_400_000) * 86_400_000),
    generator: 'Herald',
    feedLinks: { atom: self },
    author: { name: xmlText(site.author) },
  });
  for (const edition of editions) {
    const url = `${base}/digests/${edition.id}`;
    const digest = editionIn(edition, lang);
    feed.addItem({
      title: textAsHtml(digest.subject),
      // The English ids are those of before (they never change); the Chinese feed's are its own.
      id: `tag:${host},${new Date(edition.createdAt).toISOString().slice(0, 10)}:${lang === 'zh' ? 'zh/' : ''}digests/${edition.id}`,
      link: url,
      date: new Date(edition.createdAt),
      published: new Date(edition.createdAt),
      description: textAsHtml(digest.period),
      content: htmlForCdata(String(DigestSections({ digest }))),
    });
  }
  // The feed package writes no language into Atom: the archive says its own on the root.
  return feed.atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${LANGUAGE_TAGS[uiLanguage(lang)]}">`);
}

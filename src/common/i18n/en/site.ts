/** Strings of the page frame every page shares: navigation, footer, language switch, errors. */
export const site = {
  /** The language's own name, as the switch offers it to a reader of that language. */
  languageName: 'English',
  /** The switch's accessible label. */
  switchLabel: 'Language',
  /** The sections of the site, in the masthead and the footer, in this order. */
  nav: { reports: 'Reports', events: 'Events', topics: 'Topics', archive: 'Archive', newsletter: 'Newsletter', follow: 'Follow' },
  /** The accessible names of the masthead's and the footer's navigation. */
  navLabel: 'Sections',
  footerNavLabel: 'Sections (footer)',
  /** The first link of every page, shown when focused: past the masthead to the page's own content. */
  skip: 'Skip to content',
  /** The masthead's link home, for screen readers when the logo is an image. */
  homeLabel: (name: string) => `${name}: home`,
  /** The footer's small print after the sections: where feeds, calendars and email are explained. */
  footerFollow: 'Feeds, calendars and email: all the ways to follow',
  latest: 'Latest reports',
  topic: (topic: string) => `Topic: ${topic}`,
  /** Marks an entry shown in another language because it has no version in the page's. */
  onlyIn: (language: string) => `${language} only`,
  /** A language's name as a reader of this interface calls it. */
  languages: { en: 'English', zh: 'Chinese' } as Record<string, string>,
  /** Links from a report to its versions in other languages. */
  alsoIn: 'Also in',
  notFoundTitle: 'Page not found',
  /** The text around the link to the home page. */
  notFound: ['There is nothing at this address. The ', ' are on the home page.'] as [string, string],
  notFoundHome: 'latest reports',
};

/** Strings of the page frame every page shares: navigation, footer, language switch, errors. */
export const site = {
  /** The language's own name, as the switch offers it to a reader of that language. */
  languageName: 'English',
  /** The switch's accessible label. */
  switchLabel: 'Language',
  nav: { home: 'Reports', archive: 'Archive', events: 'Events', digest: 'This week’s digest', subscribe: 'Subscribe by email' },
  /** Before the footer's feed links, with its colon. */
  follow: 'Follow: ',
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

/** Strings of the ways to follow the site: the /follow page, the topics index and the OPML files. */
export const follow = {
  title: 'Follow our reports',
  intro: 'Three ways to hear from us when we publish: by email, in a feed reader, or in your calendar. None needs an account, and you can stop at any time.',
  /** The list of contents at the top of the page. */
  contentsLabel: 'On this page',
  email: {
    heading: 'By email',
    text: 'The newsletter brings each report as it is published, or a daily or weekly brief. You choose the topics and the language; every email has a link to unsubscribe.',
    subscribe: 'Subscribe to the newsletter',
    past: 'Read past briefs on the web',
    /** The briefs' own feed (Atom): each daily and weekly edition as it is kept. */
    feed: 'The briefs as a feed',
  },
  feeds: {
    heading: 'In a feed reader',
    text: 'A feed is an address that a feed reader (Feedly, Inoreader, NetNewsWire or Thunderbird, for instance) checks for new reports, so they come to you without email. Copy an address and add it in your reader.',
    formats: 'Each feed is offered in three formats carrying the same reports: RSS works in every reader; Atom and JSON Feed are there for readers and tools that prefer them.',
    allAtOnce: 'To add every feed in one step, import a list of them (an OPML file) into your reader:',
    opmlLanguage: 'Reports in English, and each topic',
    opmlEvery: 'Every feed, in every language',
  },
  calendars: {
    heading: 'In your calendar',
    text: 'The events we report on, as a calendar that your calendar app keeps up to date. Copy the address and add it as a subscribed calendar: in Google Calendar, “Other calendars” → “From URL”; in Apple Calendar, File → New Calendar Subscription; in Outlook, “Add calendar” → “Subscribe from web”.',
    all: 'All events',
    every: 'All events, in every language',
    open: 'Open in your calendar app',
  },
  topics: {
    heading: 'By topic',
    text: 'Each topic has its own feed and calendar.',
    none: 'No topic has a public report yet.',
  },
  /** What a feed or calendar address is, next to the address. */
  feed: 'Feed',
  calendar: 'Calendar',
  /** The other formats of a feed, after its RSS address. */
  alsoAs: 'Also as',
  copy: 'Copy',
  copied: 'Copied',
  /** The accessible name of a copy button. */
  copyLabel: (what: string, name: string) => `Copy the address of the ${what.toLowerCase()}: ${name}`,
  /** The /topics page. */
  topicsTitle: 'Topics',
  topicsIntro: 'The subjects our reports cover. Each topic has its own page of reports, feed and calendar.',
  topicsFollow: 'Follow a topic by feed or calendar',
  /** The OPML files: their title, and the group of feeds of every language. */
  opmlTitle: (site: string) => `${site}: feeds`,
  opmlAll: 'All reports',
  opmlBriefs: 'Daily and weekly briefs',
};

/** Strings of the home and topic pages and of the feeds (titles, summary-only items). */
export const feeds = {
  /** Around a report's publication date in a list (`Published 12 August 2022`). */
  published: ['Published ', ''] as [string, string],
  /** The link from a list to the scope's archive. */
  allByMonth: 'All reports, by month',
  /** The link to the archive month of the oldest report listed (`month` as Intl writes it). */
  andBefore: (month: string) => `${month} and before →`,
  /** The accessible name of the links to older reports. */
  olderReports: 'Older reports',
  /** The home page's list after its lead report. */
  moreReports: 'More reports',
  /** Above a topic page's heading. */
  topicKicker: 'Topic',
  /** The accessible name of a card's topics, and what follows the first three of them. */
  topicsLabel: 'Topics',
  moreTopics: (count: number) => `+${count} more`,
  /** A list with nothing in it. */
  none: 'No reports have been published yet.',
  /** A topic's list in a language none of its reports is in (with TRANSLATION_FALLBACK=omit). */
  noneInLanguage: 'No report on this topic is available in English yet.',
  /** The link at the end of a feed item that carries only its summary. */
  readFullReport: 'Read the full report',
  /** After a label before its values ("Also in: …"), and between simple list items. */
  colon: ': ',
  separator: ', ',
  /** A topic feed's title and description, from the site's. */
  /** An archive month's feed: the feed's description, and the month. */
  archiveDescription: (description: string, month: string) => `${description}: the reports of ${month}`,
  topicTitle: (site: string, topic: string) => `${site}: ${topic}`,
  topicDescription: (description: string, topic: string) => `${description}, on the topic “${topic}”`,
  /** A search's feed (/search/feed.xml?q=…): its title, and a description naming the query and each filter. */
  searchFeed: {
    title: (query: string, site: string) => `Search: «${query}» — ${site}`,
    description: (query: string, site: string, filters: string[]) => `The newest reports on ${site} matching «${query}».${filters.length > 0 ? ` Filters: ${filters.join('; ')}.` : ''}`,
    topics: (labels: string[]) => `topic ${labels.map((label) => `“${label}”`).join(' or ')}`,
    language: (name: string) => `language ${name}`,
    kind: (kind: string) => `event type ${kind.toLowerCase()}`,
    published: (from: string | undefined, to: string | undefined) => (from && to ? `published ${from} to ${to}` : from ? `published on or after ${from}` : `published on or before ${to}`),
  },
  /** What the feed links of a page call the feed in the page's language and the one of every language. */
  feedInLanguage: 'Reports in English',
  feedEveryLanguage: 'Reports in every language',
  /** An event in one line on a list: its kind, then the kind and name joined (a name that says its kind stands alone). */
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' },
  kindAndName: (kind: string, name: string) => `${kind}: ${name}`,
  /** Venue, city and country; and an online event whose venue does not say so. */
  place: (parts: string[]) => parts.join(', '),
  online: (place: string) => `${place} (online)`,
};

/** Strings of the archive: its index of years and months, year and month pages, and month feeds. */
export const archive = {
  title: 'Archive',
  topicTitle: (topic: string) => `Archive: ${topic}`,
  /** A year or month page's heading within a topic. */
  topicPeriod: (topic: string, period: string) => `${topic}: ${period}`,
  latestOn: (topic: string) => `Latest on ${topic}`,
  /** After a label ("2022: August · October", "This month as a feed: Atom"). */
  colon: ': ',
  /** Between the months of a year on the index. */
  monthSeparator: ' · ',
  emptyInLanguage: 'No report in English has been published yet.',
  /** A month whose reports are all listed in the months of their English versions. */
  emptyMonth: 'This month’s reports are listed under the months their English versions were published.',
  /** Before a publication date (with the space the language puts there). */
  published: 'Published ',
  /** A year page's month whose reports are not listed on it. */
  monthReports: (month: string) => `The reports of ${month}`,
  periods: 'Archive periods',
  periodsEnd: 'Archive periods (end of page)',
  monthFeeds: 'Follow new reports: feeds, calendars and email',
};

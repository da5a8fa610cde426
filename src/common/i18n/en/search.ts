/** Strings of search: the masthead's box, the results page, its filters and errors, the OpenSearch description. */
export const search = {
  /** The box in every page's masthead. */
  masthead: {
    label: 'Search the reports',
    placeholder: 'Search reports',
    button: 'Search',
  },
  title: 'Search',
  /** The page's title with a query: what a tab and the history show. */
  titleFor: (q: string) => `“${q}”: search`,
  intro: 'Every report in the archive, in English and Chinese: look for a name, an organisation, a place or a treaty.',
  /** The page's own form. */
  formLabel: 'Search the archive',
  queryLabel: 'Search for',
  submit: 'Search',
  filters: 'Refine',
  topics: 'Topics',
  /** The button under the topics: ticking them is not enough, the search runs again with them. */
  apply: 'Apply',
  anyTopic: 'All topics',
  topicsChosen: (n: number) => (n === 1 ? '1 topic' : `${n} topics`),
  lang: 'Language',
  anyLang: 'Any language',
  kind: 'Event type',
  anyKind: 'Any event',
  from: 'Published from',
  to: 'Published until',
  /** The search tips under the form. */
  tips: 'Every word must appear. Put words in "double quotes" to find them together, as a phrase. Chinese words are found as written: 网络主权 finds the four characters together.',
  /** "12 results for “due diligence”", with the query in between. */
  resultsFor: (n: number): [string, string] => [`${n.toLocaleString('en-GB')} ${n === 1 ? 'result' : 'results'} for `, ''],
  /** The query as the count quotes it. */
  quoted: (q: string) => `“${q}”`,
  /** Which of the results this page shows. */
  showing: (first: number, last: number, total: number) => `Showing ${first}–${last} of ${total.toLocaleString('en-GB')}, most relevant first`,
  /** The filters in force, after the count. */
  filteredBy: 'Filtered by',
  published: 'Published',
  /** A result in another language than the page's. */
  inLanguage: (language: string) => `In ${language}`,
  topicsLabel: 'Topics',
  /** Pagination. */
  pagesLabel: 'Pages of results',
  previous: 'Previous',
  next: 'Next',
  pageLabel: (n: number) => `Page ${n}`,
  /** A page past the last one. */
  pastLast: (pages: number) => `There ${pages === 1 ? 'is only one page' : `are only ${pages} pages`} of results.`,
  firstPage: 'Go to the first page',
  /** No report matches. */
  noResults: (q: string) => `No report matches “${q}”.`,
  noResultsFiltered: 'Fewer filters may find more. Remove one:',
  removeAll: 'Remove all filters',
  /** What a filter-removing link says. */
  remove: (what: string) => `Remove: ${what}`,
  noResultsTips: 'Check the spelling, use fewer or more general words, or try the other language: the archive holds reports in English and in Chinese.',
  /** How a filter in force is named. */
  filterNames: {
    topic: (label: string) => `Topic: ${label}`,
    lang: (language: string) => `Language: ${language}`,
    kind: (kind: string) => `Event type: ${kind}`,
    from: (day: string) => `From ${day}`,
    to: (day: string) => `Until ${day}`,
  },
  /** Without a query: where to start. */
  browse: 'Browse by topic',
  /** Following a search. */
  follow: 'Follow this search',
  followText: 'New reports that match this search, as they are published:',
  email: 'Get these by email',
  /** The search's feeds, in autodiscovery links. */
  feedTitle: (q: string) => `Search: ${q}`,
  /** Errors, shown at the field. */
  errorSummary: 'The search could not be run. Please correct:',
  fieldErrors: {
    q: 'Write the words to search for: at least one letter or digit, without control characters.',
    qTooLong: (max: number) => `Use at most ${max} characters.`,
    topic: 'Choose topics from the list.',
    lang: 'Choose a language from the list.',
    kind: 'Choose an event type from the list.',
    from: 'Write a date as YYYY-MM-DD.',
    to: 'Write a date as YYYY-MM-DD, not before the first date.',
    page: 'The page number must be a whole number from 1.',
    per_page: 'The number of results a page shows must be from 1 to 50.',
  },
  /** Too many searches from one network. */
  tooManyTitle: 'Too many searches',
  tooMany: 'Too many searches have come from your network in the last minute. Please wait a minute and try again.',
  /** The OpenSearch description: what a browser says of the site's search. */
  openSearchDescription: (name: string) => `Search the reports of ${name}, in English and Chinese.`,
};

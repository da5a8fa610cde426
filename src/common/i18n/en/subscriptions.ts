/** A day of the week by its number (0 = Sunday): "Monday". 4 January 2026 was a Sunday. */
const weekdayName = (weekday: number) => new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + weekday));

/** Strings of the subscribe, confirm, preferences and unsubscribe pages and emails. */
export const subscriptions = {
  subscribeTitle: 'Subscribe by email',
  subscribeIntro: 'Get the institute’s reports of governance events by email. You will get an email to confirm first.',
  email: 'Email address',
  frequency: 'How often',
  frequencies: { instant: 'Each report as it is published', daily: 'A daily brief', weekly: 'A weekly brief' },
  topics: 'Topics (none ticked: all topics)',
  /** The short form's folded fields (the home page), and what they hold. */
  moreOptions: 'More options',
  moreOptionsHint: 'words to follow, topics, language, time zone',
  /** A followed search: only reports matching these words (the site search's rules). */
  query: 'Only reports matching these words (optional)',
  queryHint: 'As in the site search: every word must appear; put a phrase in "double quotes". Leave empty for every report.',
  /** Above the form opened from a search (/subscribe?query=…). */
  following: (query: string) => `You are following the search “${query}”: you will get only the reports that match it, on the topics and in the language you choose below.`,
  /** A followed search as the choices show it. */
  quoted: (query: string) => `“${query}”`,
  lang: 'Reports in',
  langs: { en: 'English', zh: 'Chinese', both: 'English and Chinese' },
  langHint: 'With both, a report published in both languages comes once, in the language of these pages.',
  uiLang: 'Language of these pages and of our emails',
  /** Each language named in itself, so a reader who cannot read this page still finds theirs. */
  uiLangs: { en: 'English', zh: '中文' },
  timezone: 'Your time zone (briefs arrive at a set hour of your day)',
  subscribeButton: 'Subscribe',
  checkInboxTitle: 'Check your inbox',
  checkInbox: (email: string) => `Check your inbox. If ${email} can receive our emails, a message with a confirmation link is on its way. Open it to start your subscription. The link works for 7 days.`,
  confirmTitle: 'Confirm your subscription',
  confirmIntro: 'Press the button to start receiving emails.',
  confirmButton: 'Confirm my subscription',
  confirmedTitle: 'You are subscribed',
  confirmed: 'Your subscription is active. Every email has a link to change your preferences or to unsubscribe.',
  suppressedTitle: 'We cannot email this address',
  suppressed: 'Our email service reports that messages to this address are not delivered. Subscribe again with another address.',
  preferencesTitle: 'Your email preferences',
  preferencesSaved: 'Your preferences are saved.',
  statusNotice: {
    pending: 'This subscription is not confirmed yet: open the link in the confirmation email to start it.',
    unsubscribed: 'This address is unsubscribed and gets no emails.',
    suppressed: 'Our email service reports that messages to this address are not delivered, so it gets no emails.',
  },
  subscribeAgain: 'Subscribe again',
  saveButton: 'Save preferences',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeIntro: (email: string) => `Stop all emails to ${email}?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribed: 'You will get no more emails from us. You can subscribe again at any time.',
  invalidLinkTitle: 'This link does not work',
  invalidLink: 'The link is incomplete or was changed. Open it again from the email, or copy the whole address.',
  expiredLink: 'This confirmation link has expired. Subscribe again to get a new one.',
  replacedLink: 'This confirmation link no longer works: the address signed up again since (use the link in the newest email) or unsubscribed. Subscribe again to get a new one.',
  unknownSubscriber: 'This subscription no longer exists.',
  unavailableTitle: 'Subscriptions are unavailable',
  unavailable: 'Email subscriptions are not set up on this site yet.',
  tooManyTitle: 'Too many requests',
  tooMany: 'Too many requests from your network. Wait a minute and try again.',
  fixErrors: 'Please correct the fields marked below.',
  fieldErrors: {
    email: 'Enter one email address, such as name@example.org.',
    frequency: 'Choose how often.',
    topics: 'Choose topics from the list.',
    lang: 'Choose the language of the reports.',
    ui_lang: 'Choose the language of pages and emails.',
    timezone: 'Enter a time zone such as Europe/London or Asia/Shanghai.',
    query: 'Enter words to follow, with letters or digits, on one line, up to 200 characters; or leave this empty.',
  },
  /** What the reader chose, as the emails and pages list it. */
  choices: {
    heading: 'Your choices',
    frequency: 'How often',
    query: 'Only reports matching',
    topics: 'Topics',
    lang: 'Reports in',
    timeZone: 'Time zone',
  },
  allTopics: 'All topics',
  /** When emails come, in words. `weekday` and `time` are the reader's ("Monday", "07:00"). */
  schedule: {
    instant: 'Each report, as soon as it is published',
    daily: (time: string) => `A daily brief at ${time} your time`,
    /** `weekday`: 0 = Sunday … 6 = Saturday. */
    weekly: (weekday: number, time: string) => `A weekly brief on ${weekdayName(weekday)}s at ${time} your time`,
  },
  /** When the first email comes, after confirming. `day` is "Friday 4 December", `time` "07:00". */
  firstEmail: {
    instant: 'Your first email comes as soon as the next report is published.',
    daily: (when: 'today' | 'tomorrow' | 'later', day: string, time: string) => `Your first daily brief comes ${when === 'later' ? `on ${day}` : `${when}, ${day},`} at ${time} your time.`,
    weekly: (when: 'today' | 'tomorrow' | 'later', day: string, time: string) => `Your first weekly brief comes ${when === 'later' ? `on ${day}` : `${when}, ${day},`} at ${time} your time.`,
  },
  /** After the first daily or weekly brief's time: briefs with nothing in them are not sent. */
  /** Sentences one after another: a space between them in English, none in Chinese. */
  sentences: (parts: string[]) => parts.join(' '),
  onlyWhenNew: 'A brief is sent only when there are new reports.',
  confirmedLead: 'Thank you: your subscription is confirmed.',
  confirmingLead: 'You are about to subscribe with these choices:',
  changeLater: 'Every email has a link to change these choices or to unsubscribe.',
  changePreferences: 'Change your preferences',
  preferencesIntro: (email: string) => `Emails go to ${email}. Change any choice below and save.`,
  unsubscribeHeading: 'Stop all emails',
  unsubscribeHint: 'Unsubscribing stops every email to this address at once. You can subscribe again at any time.',
  welcomeSubject: (site: string) => `Welcome to ${site}`,
  welcomeHeading: 'Welcome',
  welcomeLead: (site: string) => `Your subscription to ${site} is confirmed.`,
  firstEmailHeading: 'Your first email',
  confirmHeading: 'Confirm your subscription',
  confirmEmailChoices: 'What you asked for',
  confirmEmailSubject: (site: string) => `Confirm your subscription to ${site}`,
  confirmEmailOpen: 'To confirm, open this link (it works for 7 days):',
  confirmEmailLead: (site: string) => `Someone, hopefully you, asked to receive emails from ${site} at this address.`,
  confirmEmailButton: 'Confirm my subscription',
  confirmEmailIgnore: 'If this wasn’t you, ignore this email: nothing will be sent without a confirmation.',
  /** Under the button, for clients that show no button: the link itself. */
  confirmEmailLink: 'Or open this link (it works for 7 days):',
};

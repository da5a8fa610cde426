/** What the institute's channels say about a report, in the report's language (issue 13). */
export const crossposts = {
  /** The link to the report, where a service shows a link's text. */
  readReport: 'Read the report',
  /** A message's one-line fallback (Slack notifications): its head, then the link. */
  linked: (head: string, url: string) => `${head}: ${url}`,
  kinds: { workshop: 'Workshop', conference: 'Conference', forum: 'Forum', lecture: 'Lecture', seminar: 'Seminar', meeting: 'Meeting', other: 'Event' } as Record<string, string>,
  /** An event in one line: `Workshop: Name · 12 August 2022 · Hall, City`. */
  eventLine: (kind: string, name: string | undefined, when: string, place: string | undefined) => [name ? `${kind}: ${name}` : kind, when, place].filter(Boolean).join(' · '),
  /** Where: the venue's parts (distinct), and whether it is online. */
  place: (parts: string[], online: boolean) => parts.join(', ') + (online && !/online/i.test(parts[0] ?? '') ? ' (online)' : ''),
  testTitle: (site: string) => `Test message from ${site}`,
  testSummary: (channel: string) => `This channel (${channel}) is set up: new reports will be announced here.`,
};

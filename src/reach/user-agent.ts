/**
 * What a feed aggregator says about its readers. Hosted readers fetch a feed once for all
 * their users and say how many follow it in their User-Agent (formats as the readers send
 * them, collected by Buttondown's RSS-subscriber documentation):
 *
 *   Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )
 *   Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)
 *   NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/… ("Mozilla/5.0 …")
 *   Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a…)
 *   Feedbin feed-id:1697787 - 102 subscribers
 *   Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)
 *
 * Only these known readers count: the aggregator is one of a closed set of names, so what
 * is kept can never be text a client chose. A count is a claim anyone can copy, so it is
 * bounded ({@link MAX_SUBSCRIBERS}) and the pages say it is what the readers report.
 */

/** The aggregators whose counts are recorded, as the desk names them. */
export const AGGREGATORS = ['feedly', 'inoreader', 'newsblur', 'theoldreader', 'feedbin', 'bazqux'] as const;
export type Aggregator = (typeof AGGREGATORS)[number];

/** How each aggregator is recognised: its own token, never a generic word. */
const SIGNATURES: [Aggregator, RegExp][] = [
  ['feedly', /^Feedly(?:Bot)?\/[\d.]+ \(\+https?:\/\/(?:www\.)?feedly\.com\/[^;)]*;/],
  ['inoreader', /\(compatible; inoreader\.com;/],
  ['newsblur', /^NewsBlur Feed Fetcher - /],
  ['theoldreader', /\(compatible; theoldreader\.com;/],
  ['feedbin', /^Feedbin feed-id:\d{1,20} - /],
  ['bazqux', /\(compatible; BazQux\/[\d.]+;/],
];

/** The count as the readers write it: "462 subscribers" (a thousands comma allowed), on a word boundary. */
const COUNT = /(?:^|[\s;(])(\d{1,3}(?:,\d{3})+|\d{1,12}) subscribers?(?=[\s;)-]|$)/;

/** More followers than any feed has: a larger claim is not a count but noise (or mischief). */
export const MAX_SUBSCRIBERS = 100_000_000;

/** The longest User-Agent read: real ones are under 300 characters; a longer one is not parsed at all. */
const MAX_LENGTH = 1024;

export interface ReaderCount {
  aggregator: Aggregator;
  subscribers: number;
}

/**
 * The aggregator and its subscriber count a User-Agent states, or null when it is no known
 * aggregator, states no count, or states one that cannot be true (over {@link
 * MAX_SUBSCRIBERS}). Control characters anywhere make it null: no reader sends them.
 *
 * @example readerCount('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; )') // { aggregator: 'feedly', subscribers: 123 }
 */
export function readerCount(userAgent: string | null | undefined): ReaderCount | null {
  if (typeof userAgent !== 'string' || userAgent.length === 0 || userAgent.length > MAX_LENGTH) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(userAgent)) return null;
  const aggregator = SIGNATURES.find(([, signature]) => signature.test(userAgent))?.[0];
  if (!aggregator) return null;
  const match = COUNT.exec(userAgent);
  if (!match) return null;
  const subscribers = Number(match[1]!.replaceAll(',', ''));
  if (!Number.isSafeInteger(subscribers) || subscribers > MAX_SUBSCRIBERS) return null;
  return { aggregator, subscribers };
}

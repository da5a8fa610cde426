import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIBERS, readerCount } from '../../../src/reach/user-agent.ts';

describe('the subscriber count a feed reader states', () => {
  it.each([
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )', 'feedly', 462],
    ['Feedly/1.0 (+https://feedly.com/poller.html; 1 subscribers; )', 'feedly', 1],
    ['Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)', 'inoreader', 114],
    [
      'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/rendezvous-with-cassidoo ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15")',
      'newsblur',
      27,
    ],
    ['Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a837650eeefd8fe4a)', 'theoldreader', 1],
    ['Feedbin feed-id:1697787 - 102 subscribers', 'feedbin', 102],
    ['Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)', 'bazqux', 1],
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12,345 subscribers; )', 'feedly', 12345],
    ['Feedbin feed-id:1 - 0 subscribers', 'feedbin', 0],
  ])('reads %s', (ua, aggregator, subscribers) => {
    expect(readerCount(ua)).toEqual({ aggregator, subscribers });
  });

  it.each([
    ['a browser', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'],
    ['a reader that states no count', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)'],
    ['an unknown reader stating a count', 'MyReader/1.0 (500 subscribers)'],
    ['a count with no known reader token', '500 subscribers; inoreader'],
    ['a name only mentioned', 'curl/8.0 (like Feedly/1.0 (+http://www.feedly.com/fetcher.html; 9 subscribers; ))'],
    ['a count glued to other text', 'Feedbin feed-id:1 - 12subscribers'],
    ['a negative count', 'Feedbin feed-id:1 - -5 subscribers'],
    ['a count beyond belief', `Feedbin feed-id:1 - ${MAX_SUBSCRIBERS + 1} subscribers`],
    ['a huge number', `Feedbin feed-id:1 - ${'9'.repeat(40)} subscribers`],
    ['a line break', 'Feedbin feed-id:1 - 7 subscribers\r\nX-Injected: 1'],
    ['a NUL', 'Mozilla/5.0 (compatible; inoreader.com; 3 subscribers)\u0000'],
    ['an empty string', ''],
    ['an absent header', undefined],
    ['a very long string', `Feedbin feed-id:1 - 7 subscribers ${'x'.repeat(5000)}`],
    ['script and CJK', 'Feedbin feed-id:1 - <script>订阅</script> subscribers'],
  ])('refuses %s', (_, ua) => {
    expect(readerCount(ua)).toBeNull();
  });

  it('keeps only the aggregator and the count, never text the client chose', () => {
    const count = readerCount('Feedbin feed-id:1697787 - 102 subscribers <script>alert(1)</script> 🎉 ‮evil');
    expect(count).toEqual({ aggregator: 'feedbin', subscribers: 102 });
    expect(Object.keys(count!)).toEqual(['aggregator', 'subscribers']);
  });

  it('reads the largest plausible count exactly', () => {
    expect(readerCount(`Feedbin feed-id:1 - ${MAX_SUBSCRIBERS} subscribers`)).toEqual({ aggregator: 'feedbin', subscribers: MAX_SUBSCRIBERS });
  });

  it('answers quickly on a hostile string just under the length limit', () => {
    const started = performance.now();
    readerCount(`Feedly/1.0 (+http://www.feedly.com/${';'.repeat(1000)}`);
    readerCount(`Feedbin feed-id:1 - ${' 1'.repeat(500)}`);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

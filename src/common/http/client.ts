/**
 * The key a per-client rate limit counts a request under: the client's IPv4 address, or
 * the /64 of its IPv6 address (a home or a server is given a whole /64 and can move within
 * it for free). Null when the request names no client (`cf-connecting-ip`, which Cloudflare
 * sets on every request it forwards; only local requests lack it).
 *
 * @example clientKey('2001:db8:1:2::7') // '2001:db8:1:2::/64'
 */
export function clientKey(address: string | null | undefined): string | null {
  const text = address?.trim().toLowerCase();
  if (!text) return null;
  if (!text.includes(':')) return text.slice(0, 64);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) return mapped[1]!;
  return ipv6Prefix(text) ?? text.slice(0, 64);
}

/** `a:b:c:d::/64` for an IPv6 address in any of its written forms, or null if it is not one. */
function ipv6Prefix(text: string): string | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // An IPv4 tail (::1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const last = tail.length > 0 ? tail : head;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(last[last.length - 1] ?? '');
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    last.splice(last.length - 1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/common/config.ts';
import { refreshAfter, SETTLING_MS } from '../../../src/common/rebuild.ts';
import { stripForbidden } from '../../../src/reports/text.ts';

describe('how long a rendered feed stands', () => {
  const site = readConfig({ ...env, FEED_REFRESH_SECONDS: '3600' });
  const now = Date.UTC(2026, 10, 22, 12);

  it('is rebuilt a minute later when a write happened moments ago (KV may not show it everywhere yet)', () => {
    expect(refreshAfter(site, now - 10_000, now)).toBe(60_000);
  });

  it('stands for FEED_REFRESH_SECONDS once writes have settled', () => {
    expect(refreshAfter(site, now - SETTLING_MS - 1, now)).toBe(3_600_000);
    expect(refreshAfter(site, 0, now)).toBe(3_600_000);
  });
});

describe('stripping characters XML forbids', () => {
  it('removes controls and unpaired surrogates but keeps emoji, CJK and RTL text', () => {
    expect(stripForbidden('a\u0001b\u0000c\uFFFE')).toBe('abc');
    expect(stripForbidden('x\uD800y\uDC00z')).toBe('xyz');
    expect(stripForbidden('🛰️ 网络 مرحبا\ttab\nline')).toBe('🛰️ 网络 مرحبا\ttab\nline');
  });
});

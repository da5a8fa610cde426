import { afterEach, describe, expect, it, vi } from 'vitest';
import { logEvent } from '../../../src/common/log.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function logged(fields: Record<string, unknown>): string {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
  logEvent('something-failed', fields, 'error');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('logEvent', () => {
  it('never writes an email address, wherever a field quotes one (an error text, a stack, a list)', () => {
    const line = logged({
      error: 'Error: E_RECIPIENT_SUPPRESSED: li.wei+news@example.org is suppressed\n    at send (index.js:1:2)',
      detail: { to: ['first@mail.example.co.uk', 'wang@xn--fsqu00a.xn--fiqs8s'], idn: 'zhang@例子.中国' },
      subscriber: 7,
    });
    expect(line).not.toMatch(/li\.wei|first@|wang@|zhang@/);
    const parsed = JSON.parse(line) as Record<string, any>;
    expect(parsed).toMatchObject({ level: 'error', event: 'something-failed', subscriber: 7 });
    expect(parsed.error).toContain('[address] is suppressed');
    expect(parsed.detail.to).toEqual(['[address]', '[address]']);
  });

  it('keeps what only looks like one: package paths and versions in a stack, a Bluesky handle', () => {
    const text = 'at file:///app/node_modules/@cloudflare/vitest-plugin/dist/index.js:1 (hono@4.13.19) institute.bsky.social';
    expect(JSON.parse(logged({ error: text })).error).toBe(text);
  });
});

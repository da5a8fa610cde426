import { describe, expect, it } from 'vitest';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import { makeReport } from '../support/builders.ts';
import { api } from '../support/worker.ts';

const EVENT = { kind: 'seminar', name: 'Seminar on due diligence', start: '2026-12-15T09:00+08:00', end: '2026-12-15T17:00+08:00' };

async function post(event: Record<string, unknown>) {
  const res = await api('POST', '/reports', makeReport({ event }));
  return { res, body: (await res.json()) as Record<string, any> };
}

describe('an event’s time zone (event.timezone)', () => {
  it('is kept as Intl spells the IANA name, and sent back by the admin API', async () => {
    const { res, body } = await post({ ...EVENT, timezone: 'asia/shanghai' });
    expect(res.status).toBe(201);
    expect(body.event.timezone).toBe('Asia/Shanghai');
    const read = (await (await api('GET', `/reports/${body.slug}`)).json()) as Record<string, any>;
    expect(read.event).toMatchObject({ start: EVENT.start, timezone: 'Asia/Shanghai' });
  });

  it('answers 400 naming event.timezone for a zone Intl does not know, and stores nothing', async () => {
    for (const timezone of ['Asia/Wuhan', 'UTC+8', '', 'Asia/Shanghai; drop', 8]) {
      const { res, body } = await post({ ...EVENT, timezone });
      expect(res.status, String(timezone)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(body.errors.map((e: { field: string }) => e.field), String(timezone)).toEqual(['event.timezone']);
    }
    const listed = (await (await api('GET', '/reports')).json()) as { reports?: unknown[]; items?: unknown[] };
    expect(JSON.stringify(listed)).not.toContain('Asia/Wuhan');
  });

  it('answers 400 naming the field for a time written at another offset than its zone’s, and takes UTC times', async () => {
    const { res, body } = await post({ ...EVENT, start: '2026-07-01T09:00-05:00', end: '2026-07-01T17:00-04:00', timezone: 'America/New_York' });
    expect(res.status).toBe(400);
    expect(body.errors).toEqual([{ field: 'event.start', message: expect.stringContaining('-04:00') }]);
    expect((await post({ ...EVENT, start: '2026-12-15T01:00Z', end: '2026-12-15T09:00Z', timezone: 'Asia/Shanghai' })).res.status).toBe(201);
  });

  it('is read from front matter, and an unknown one is named with its line', () => {
    const file = (zone: string) => ['---', 'title: A seminar', 'published: 2026-11-01', 'event:', '  kind: seminar', '  name: S', '  start: 2026-12-15T09:00+08:00', `  timezone: ${zone}`, '---', 'Body.'].join('\n');
    const good = parseReportFile('content/reports/good.md', file('Asia/Shanghai'));
    expect(good.ok && good.input.event?.timezone).toBe('Asia/Shanghai');
    expect(parseReportFile('content/reports/bad.md', file('Mars/Olympus'))).toEqual({
      ok: false,
      errors: [{ file: 'content/reports/bad.md', line: 8, field: 'event.timezone', message: expect.stringContaining('IANA time zone') }],
    });
  });
});

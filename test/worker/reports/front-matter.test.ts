import { describe, expect, it } from 'vitest';
import { parseReportFile } from '../../../src/reports/front-matter.ts';
import workshop from '../../../content/reports/2022-08-12-workshop-on-international-rule-of-law-in-cyberspace.md?raw';
import forum from '../../../content/reports/2017-12-04-international-rules-for-cyberspace-forum-wuzhen-summit.md?raw';

describe('report files', () => {
  it('reads the workshop seed: online, three speakers with their roles, fourteen institutions', () => {
    const result = parseReportFile('workshop.md', workshop);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { input } = result;
    expect(input.event).toMatchObject({ kind: 'workshop', start: '2022-08-12', location: { name: 'Online', online: true } });
    expect(input.event?.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Dr. Kamalinne Pinitpuvadol', 'keynote speech'],
      ['Professor Guo Feng', 'opening address'],
      ['Professor Zhixiong Huang', 'closing remarks'],
    ]);
    expect(input.event?.participants).toHaveLength(14);
    expect(input.body.startsWith('On 12th August 2022, the Workshop on International Rule of Law in Cyberspace')).toBe(true);
  });

  it('reads the forum seed: Wuzhen, 4 December 2017, its three organizers', () => {
    const result = parseReportFile('forum.md', forum);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.input.event).toMatchObject({ kind: 'forum', start: '2017-12-04', location: { city: 'Wuzhen, Zhejiang', country: 'China' } });
    expect(result.input.event?.organizers).toEqual(['Wuhan University', 'Institute of Modern International Relations', 'Shanghai Academy of Social Sciences']);
    expect(result.input.body).toContain('Space destiny community.');
  });

  it('names the file, the line and the field of an invalid value', () => {
    const text = ['---', 'title: A report', 'published: 2023-01-01', 'event:', '  kind: forum', '  name: F', '  start: 2023-13-45', '---', 'Body.'].join('\n');
    const result = parseReportFile('content/reports/bad.md', text);
    expect(result).toEqual({ ok: false, errors: [{ file: 'content/reports/bad.md', line: 7, field: 'event.start', message: expect.stringContaining('must be a date') }] });
  });

  it('reports a missing field, broken YAML and a missing front matter clearly', () => {
    const missing = parseReportFile('a.md', '---\npublished: 2023-01-01\n---\nBody.');
    expect(missing.ok === false && missing.errors[0]).toMatchObject({ field: 'title', message: 'is required' });
    const broken = parseReportFile('b.md', '---\ntitle: [unclosed\n---\nBody.');
    expect(broken.ok === false && broken.errors[0]).toMatchObject({ field: '(front matter)', line: expect.any(Number) });
    const none = parseReportFile('c.md', 'Just a body.');
    expect(none.ok === false && none.errors[0]).toMatchObject({ line: 1, field: '(front matter)' });
    const empty = parseReportFile('d.md', '---\ntitle: T\npublished: 2023-01-01\n---\n\n');
    expect(empty.ok === false && empty.errors[0]).toMatchObject({ field: 'body', line: 5 });
  });
});

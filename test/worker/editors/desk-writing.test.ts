import { describe, expect, it } from 'vitest';
import { renderBody } from '../../../src/reports/rendering.ts';
import { reportUrl } from '../../../src/common/urls.ts';
import { SITE } from '../support/site.ts';
import { api, create } from '../support/worker.ts';
import { makeReport } from '../support/builders.ts';
import { addEditor, deskGet, deskPost, signIn } from './desk-helpers.ts';

/** Signs a new editor in and answers their cookie and the CSRF token of their forms. */
async function editor(role: 'editor' | 'admin' = 'editor'): Promise<{ cookie: string; csrf: string }> {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.org`;
  await addEditor(email, role, 'Zhang San');
  const cookie = await signIn(email);
  const html = await (await deskGet('/desk/reports/new', cookie)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('no CSRF token in the editor');
  return { cookie, csrf };
}

/** The editor's form for a report, as a browser without a script posts it. */
function form(csrf: string, fields: Record<string, string>): Record<string, string> {
  return { csrf, title: 'Seminar on due diligence', body: 'The seminar **met**.', lang: 'en', 'event.kind': '', ...fields };
}

describe('the desk without a session', () => {
  it.each(['/desk', '/desk/reports/new', '/desk/reports/some-report', '/desk/reports/some-report/edit', '/desk/reports/some-report/preview'])('sends %s to sign in (303)', async (path) => {
    const res = await deskGet(path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/sign-in');
  });

  it('saves nothing from a post without a session', async () => {
    const res = await deskPost('/desk/reports/new', form('x', { slug: 'nobody-wrote-this' }));
    expect(res.status).toBe(303);
    expect((await api('GET', '/reports/nobody-wrote-this')).status).toBe(404);
  });
});

describe('writing a report without a script', () => {
  it('creates a report from the form, as a draft by the signed-in editor, and opens its editor', async () => {
    const { cookie, csrf } = await editor();
    const res = await deskPost('/desk/reports/new', form(csrf, { slug: 'desk-made-seminar', action: 'draft', 'event.kind': 'seminar', 'event.name': 'Due diligence seminar', 'event.start': '2026-12-01', 'event.organizers': 'Institute A\nInstitute B', 'event.speakers.0.name': 'Li Wei', 'event.speakers.0.role': 'Chair' }), cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/reports/desk-made-seminar/edit?saved=1');
    const stored = await (await api('GET', '/reports/desk-made-seminar')).json<Record<string, any>>();
    expect(stored).toMatchObject({ draft: true, source: 'desk', event: { kind: 'seminar', organizers: ['Institute A', 'Institute B'], speakers: [{ name: 'Li Wei', role: 'Chair' }] } });
    const revisions = await (await api('GET', '/reports/desk-made-seminar/revisions')).json<{ revisions: { author: string }[] }>();
    expect(revisions.revisions[0]!.author).toMatch(/^editor:editor-.*@example\.org$/);
    const page = await (await deskGet(res.headers.get('location')!, cookie)).text();
    expect(page).toContain('value="Due diligence seminar"');
    expect(page).toContain('Saved.');
  });

  it('refuses a post whose CSRF token is not the session’s, and saves nothing', async () => {
    const { cookie } = await editor();
    const res = await deskPost('/desk/reports/new', form('forged', { slug: 'forged-post' }), cookie);
    expect(res.status).toBe(403);
    expect((await api('GET', '/reports/forged-post')).status).toBe(404);
  });

  it('shows the API’s 400 at the field it names, keeping what was typed', async () => {
    const { cookie, csrf } = await editor();
    const res = await deskPost('/desk/reports/new', form(csrf, { slug: 'bad-event', 'event.kind': 'seminar', 'event.name': 'A seminar', 'event.start': 'next tuesday' }), cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/name="event\.start" value="next tuesday" aria-invalid="true"/);
    expect(html).toMatch(/id="err-event\.start">must be a date/);
    expect((await api('GET', '/reports/bad-event')).status).toBe(404);
  });

  it('schedules with a date, time and zone, written with that zone’s offset', async () => {
    const { cookie, csrf } = await editor();
    const res = await deskPost('/desk/reports/new', form(csrf, { slug: 'scheduled-seminar', action: 'schedule', 'schedule.date': '2099-03-01', 'schedule.time': '09:30', 'schedule.zone': 'Asia/Shanghai' }), cookie);
    expect(res.status).toBe(303);
    const stored = await (await api('GET', '/reports/scheduled-seminar')).json<Record<string, any>>();
    expect(stored.draft).toBe(false);
    expect(stored.published).toBe('2099-03-01T01:30:00.000Z');
  });

  it('refuses a schedule in the past at the schedule’s date', async () => {
    const { cookie, csrf } = await editor();
    const res = await deskPost('/desk/reports/new', form(csrf, { slug: 'past-schedule', action: 'schedule', 'schedule.date': '2001-01-01', 'schedule.time': '09:00', 'schedule.zone': 'UTC' }), cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="err-schedule\.date">must be in the future/);
  });
});

describe('a conflict: another session saved first', () => {
  it('answers a stale If-Match with both versions side by side, and saves the merge chosen field by field', async () => {
    const { cookie, csrf } = await editor();
    await create({ slug: 'contested', title: 'First title', summary: 'First summary.' });
    const editPage = await (await deskGet('/desk/reports/contested/edit', cookie)).text();
    const etag = /name="etag" value="([^"]+)"/.exec(editPage)![1]!.replace(/&quot;/g, '"');
    // The second session saves first.
    expect((await api('PUT', '/reports/contested', makeReport({ slug: 'contested', title: 'Their title', summary: 'Their summary.' }))).status).toBe(200);

    const mine = await deskPost('/desk/reports/contested/edit', form(csrf, { etag, 'state.draft': 'false', title: 'My title', summary: 'My summary.', action: 'save' }), cookie);
    expect(mine.status).toBe(409);
    const html = await mine.text();
    expect(html).toContain('My title');
    expect(html).toContain('Their title');
    expect(html).toMatch(/<tr class="differs" data-field="title">/);
    const stored = await (await api('GET', '/reports/contested')).json<Record<string, any>>();
    expect(stored.title).toBe('Their title');

    const mineJson = /name="mine" value="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'");
    const newEtag = /name="etag" value="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"');
    const merged = await deskPost('/desk/reports/contested/merge', { csrf, etag: newEtag, mine: mineJson, 'take.title': 'mine', 'take.summary': 'theirs' }, cookie);
    expect(merged.status).toBe(303);
    const after = await (await api('GET', '/reports/contested')).json<Record<string, any>>();
    expect(after.title).toBe('My title');
    expect(after.summary).toBe('Their summary.');
  });
});

describe('hostile input', () => {
  it('answers a merge whose own version is malformed with the editor and its errors, never a 500', async () => {
    const { cookie, csrf } = await editor();
    await create({ slug: 'malformed-merge', title: 'Stored' });
    const etag = (await api('GET', '/reports/malformed-merge')).headers.get('etag')!;
    const mine = JSON.stringify({ title: '<script>x</script>', authors: 'zz', topics: 'a', event: { kind: 'forum', organizers: 5, speakers: [null, 'x'], location: [] }, attachments: [7] });
    const res = await deskPost('/desk/reports/malformed-merge/merge', { csrf, etag, mine }, cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('<code>authors</code>: must be a list');
    expect((await deskPost('/desk/reports/malformed-merge/merge', { csrf, etag, mine: '[1]' }, cookie)).status).toBe(400);
  });

  it('speaks Chinese to a browser that asks for it', async () => {
    const { cookie } = await editor();
    const html = await (await deskGet('/desk/reports/new', cookie, { 'accept-language': 'zh-CN,zh;q=0.9' })).text();
    expect(html).toContain('<html lang="zh-Hans"');
    expect(html).toContain('新建报道');
    expect(html).toContain('实时预览');
  });
});

describe('the live preview', () => {
  it('renders the body exactly as the site does', async () => {
    const { cookie, csrf } = await editor();
    const body = '# Heading\n\nText with <script>alert(1)</script> and a [link](/reports/x) and `code`.\n\n- 中文\n- emoji 🎉';
    const res = await deskPost('/desk/preview/body', { csrf, slug: 'a-report', title: 'T', lang: 'en', body }, cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(renderBody({ title: 'T', body, lang: 'en' }, reportUrl({ siteUrl: SITE }, 'a-report')).html);
  });

  it('refuses a preview without the CSRF token', async () => {
    const { cookie } = await editor();
    expect((await deskPost('/desk/preview/body', { body: 'x' }, cookie)).status).toBe(403);
  });
});

describe('a report’s page, revisions and file', () => {
  it('lists revisions and restores an earlier one through its button', async () => {
    const { cookie, csrf } = await editor();
    await create({ slug: 'revised', title: 'Version one' });
    await api('PUT', '/reports/revised', makeReport({ slug: 'revised', title: 'Version two' }));
    const page = await (await deskGet('/desk/reports/revised', cookie)).text();
    expect(page).toContain('Version one');
    expect(page).toContain('action="/desk/reports/revised/revisions/1/restore"');
    const res = await deskPost('/desk/reports/revised/revisions/1/restore', { csrf }, cookie);
    expect(res.status).toBe(303);
    expect((await (await api('GET', '/reports/revised')).json<Record<string, any>>()).title).toBe('Version one');
  });

  it('downloads the report as its Markdown file', async () => {
    const { cookie } = await editor();
    await create({ slug: 'downloadable', title: 'Downloadable' });
    const res = await deskGet('/desk/reports/downloadable/markdown', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('downloadable.md');
    expect(await res.text()).toMatch(/^---\n[\s\S]*title: Downloadable/);
  });

  it('previews everything a stored report becomes', async () => {
    const { cookie } = await editor();
    await create({ slug: 'previewed', title: 'Previewed report', event: { kind: 'seminar', name: 'A seminar', start: '2026-12-01' } });
    const res = await deskGet('/desk/reports/previewed/preview', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const part of ['preview-page', 'preview-feeds', 'preview-instant', 'preview-daily', 'preview-channels', 'RSS 2.0', 'Atom 1.0', 'JSON Feed 1.1']) expect(html).toContain(part);
  });
});

describe('roles', () => {
  it('hides subscribers and channels from an editor and refuses them in the API (403)', async () => {
    const { cookie, csrf } = await editor('editor');
    const html = await (await deskGet('/desk', cookie)).text();
    expect(html).not.toContain('href="/desk/delivery"');
    for (const path of ['/api/subscribers', '/api/channels']) {
      const res = await deskGet(path, cookie, { 'x-csrf-token': csrf });
      expect(res.status).toBe(403);
    }
    expect((await deskGet('/api/reports', cookie, { 'x-csrf-token': csrf })).status).toBe(200);
  });
});

describe('the report list’s count', () => {
  it('gives the script whole sentences for one report and for a part of several, so typing never shows "1 reports"', async () => {
    const { cookie } = await editor();
    await create({ slug: 'only-one', title: 'Only one' });
    const one = await (await deskGet('/desk', cookie)).text();
    expect(one).toContain('data-all="1 report"');
    await create({ slug: 'and-two', title: 'And two' });
    const two = await (await deskGet('/desk', cookie)).text();
    expect(two).toContain('data-all="2 reports"');
    // The script puts the number of rows still shown in place of -1.
    expect(two).toContain('data-some="-1 of 2 reports"');
  });
});

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/subscriptions/csv.ts';
import { consumeEvents, sendingEvent, sentToMany } from './email-events.ts';
import { addSubscriber } from './helpers.ts';
import { api } from '../support/worker.ts';

interface RunView {
  id: number;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  failed: number;
}

/**
 * Three subscribers sent two instant emails each (one run): a's first delivered and second
 * soft-bounced, b's first complained about, c's first hard-bounced; the rest had no event.
 */
async function runWithOutcomes() {
  const [a, b, c] = await sentToMany(2, ['a@example.org', 'b@example.org', 'c@example.org']);
  await consumeEvents([
    sendingEvent('delivered', a!.messageIds[0]!),
    sendingEvent('bounced', a!.messageIds[1]!, { bounce: 'soft' }),
    sendingEvent('delivered', b!.messageIds[0]!),
    sendingEvent('complained', b!.messageIds[0]!),
    sendingEvent('bounced', c!.messageIds[0]!, { bounce: 'hard' }),
  ]);
  return { a: a!, b: b!, c: c! };
}

describe('delivery outcomes in the admin API', () => {
  it('counts delivered, bounced and complained emails per run, beside those sent', async () => {
    const { a } = await runWithOutcomes();
    const { runs } = (await (await api('GET', '/digests')).json()) as { runs: RunView[] };
    expect(runs.find((run) => run.id === a.run)).toMatchObject({ sent: 6, delivered: 1, bounced: 2, complained: 1, failed: 0 });
  });

  it('lists a run’s bounced and complained emails among its problems', async () => {
    const { a } = await runWithOutcomes();
    const { sends } = (await (await api('GET', `/digests/${a.run}/problems`)).json()) as { sends: Record<string, unknown>[] };
    expect(sends).toEqual([
      expect.objectContaining({ email: 'a@example.org', status: 'bounced', bounce_type: 'soft', error: 'email service: bounced (soft bounce, temporary_failure, 451 4.2.0)' }),
      expect.objectContaining({ email: 'b@example.org', status: 'complained', error: 'email service: complained (abuse)' }),
      expect.objectContaining({ email: 'c@example.org', status: 'bounced', bounce_type: 'hard', error: 'email service: bounced (hard bounce, permanent_failure, 550 5.1.1)' }),
    ]);
  });

  it('shows each subscriber’s delivered, bounced and complained counts and the state of their last email', async () => {
    const { b } = await runWithOutcomes();
    await consumeEvents([sendingEvent('delivered', b.messageIds[1]!)]);
    await addSubscriber({ email: 'd@example.org' });
    const { subscribers } = (await (await api('GET', '/subscribers')).json()) as { subscribers: { email: string; status: string; delivery: unknown }[] };
    expect(subscribers.map((s) => [s.email, s.status, s.delivery])).toEqual([
      ['a@example.org', 'active', { delivered: 1, bounced: 1, complained: 0, last: 'bounced' }],
      ['b@example.org', 'suppressed', { delivered: 1, bounced: 0, complained: 1, last: 'delivered' }],
      ['c@example.org', 'suppressed', { delivered: 0, bounced: 1, complained: 0, last: 'sent' }],
      ['d@example.org', 'active', { delivered: 0, bounced: 0, complained: 0, last: null }],
    ]);
  });

  it('exports each subscriber’s last delivery state as a last CSV column, the others where they were', async () => {
    await runWithOutcomes();
    await addSubscriber({ email: 'd@example.org' });
    const rows = parseCsv(await (await api('GET', '/subscribers?format=csv')).text()).map((row) => row.cells);
    expect(rows[0]).toEqual(['email', 'status', 'frequency', 'topics', 'lang', 'timezone', 'created_at', 'confirmed_at', 'last_delivery', 'ui_lang', 'query']);
    expect(rows.slice(1).map((cells) => [cells[0], cells[1], cells[2], cells[8]])).toEqual([
      ['a@example.org', 'active', 'instant', 'bounced'],
      ['b@example.org', 'suppressed', 'instant', 'sent'],
      ['c@example.org', 'suppressed', 'instant', 'sent'],
      ['d@example.org', 'active', 'daily', ''],
    ]);
  });
});

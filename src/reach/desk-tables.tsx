import type { Child } from 'hono/jsx';
import type { Channel, Delivery } from '../crossposts/index.ts';
import type { RunProblem, RunSummary } from '../digests/index.ts';
import { DeskForm, DeskTable } from '../editors/desk-frame.tsx';
import type { Words } from './words.ts';

/** A section with its heading, and its empty state when there is nothing to list. */
function Section(props: { id: string; title: string; intro?: string; empty: string; count: number; children: Child }) {
  return (
    <section class="wide delivery-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.intro && props.count > 0 && <p>{props.intro}</p>}
      {props.count === 0 ? <p class="muted">{props.empty}</p> : props.children}
    </section>
  );
}

/** Digest runs, newest first: due, sent, failed, unknown and bounced, with a link to each run's problems. */
export function RunsSection(props: { runs: RunSummary[]; pausedUntil: number | null; w: Words }) {
  const { runs, w } = props;
  const { t } = w;
  const num = (label: string) => <span class="num">{label}</span>;
  return (
    <Section id="runs" title={t.runsTitle} empty={t.runsEmpty} count={runs.length}>
      {props.pausedUntil !== null && <p class="desk-notice">{t.pausedUntil(w.when(props.pausedUntil))}</p>}
      <DeskTable columns={[t.run, t.frequency, t.trigger, num(t.due), num(t.sent), num(t.failed), num(t.unknown), num(t.bounced), t.problems]}>
        {runs.map((run) => {
          const problems = run.failed + run.unknown + run.bounced + run.complained;
          return (
            <tr>
              <td class="nowrap">{w.when(run.cutoff)}</td>
              <td>{t.frequencies[run.frequency]}</td>
              <td>{t.triggers[run.trigger] ?? run.trigger}</td>
              <td class="num">{w.number(run.due)}</td>
              <td class="num">{w.number(run.sent)}</td>
              <td class="num">{w.number(run.failed)}</td>
              <td class="num">{w.number(run.unknown)}</td>
              <td class="num">{w.number(run.bounced)}</td>
              <td class="nowrap">{problems === 0 ? <span class="muted">{t.none}</span> : <a href={`/desk/delivery/runs/${run.id}`}>{t.problemsOf(w.number(problems))}</a>}</td>
            </tr>
          );
        })}
      </DeskTable>
    </Section>
  );
}

/** The sends of one run that went wrong: to whom, which edition, what state, the service's error. */
export function ProblemsTable(props: { problems: RunProblem[]; w: Words }) {
  const { problems, w } = props;
  const { t } = w;
  if (problems.length === 0) return <p class="muted">{t.runProblemsEmpty}</p>;
  return (
    <DeskTable columns={[t.address, t.edition, t.status, <span class="num">{t.attempts}</span>, t.error, t.updated]}>
      {problems.map((p) => (
        <tr>
          <td>{p.email ?? '—'}</td>
          <td class="nowrap">{p.edition}</td>
          <td class="nowrap">
            <span class={`state state-${p.status === 'bounced' || p.status === 'complained' ? 'failed' : p.status}`}>{t.deliveryStates[p.status] ?? p.status}</span>
            {p.bounce_type ? ` (${t.bounceTypes[p.bounce_type] ?? p.bounce_type})` : ''}
          </td>
          <td class="num">{w.number(p.attempts)}</td>
          <td>{p.error ?? '—'}</td>
          <td class="nowrap">{w.when(p.updated_at)}</td>
        </tr>
      ))}
    </DeskTable>
  );
}

/** The channels, on or off (with why a channel was turned off), and which reports each takes. */
export function ChannelsSection(props: { channels: Channel[]; w: Words }) {
  const { channels, w } = props;
  const { t } = w;
  return (
    <Section id="channels" title={t.channelsTitle} empty={t.channelsEmpty} count={channels.length}>
      <DeskTable columns={[t.channel, t.type, t.state, t.topicsLangs]}>
        {channels.map((channel) => (
          <tr>
            <td>
              <code>{channel.id}</code>
            </td>
            <td>{channel.type}</td>
            <td>
              <span class={`state state-${channel.enabled ? 'on' : 'failed'}`}>{channel.enabled ? t.enabled : t.disabled}</span>
              {channel.disabledReason ? ` ${channel.disabledReason}` : ''}
            </td>
            <td>{[channel.topics.length > 0 ? channel.topics.join(', ') : t.everything, channel.lang].filter(Boolean).join(' · ')}</td>
          </tr>
        ))}
      </DeskTable>
    </Section>
  );
}

/** The cross-post delivery log, newest first: a failed or unknown delivery has a Retry button (a POST with the session's CSRF token). */
export function DeliveriesSection(props: { deliveries: Delivery[]; csrf: string; w: Words; notice?: string; older: number | null; paged: boolean }) {
  const { deliveries, w } = props;
  const { t } = w;
  return (
    <Section id="deliveries" title={t.deliveriesTitle} intro={t.deliveriesIntro} empty={t.deliveriesEmpty} count={deliveries.length}>
      {props.notice && (
        <p class="desk-notice" role="status">
          {props.notice}
        </p>
      )}
      <DeskTable columns={['#', t.channel, t.report, t.status, <span class="num">{t.attempts}</span>, t.error, t.updated, '']}>
        {deliveries.map((d) => (
          <tr>
            <td class="num">{d.id}</td>
            <td>
              <code>{d.channel_id}</code>
            </td>
            <td>{d.remote_url && /^https?:\/\//i.test(d.remote_url) ? <a href={d.remote_url}>{d.slug}</a> : d.slug}</td>
            <td class="nowrap">
              <span class={`state state-${d.status}`}>{t.deliveryStates[d.status] ?? d.status}</span>
            </td>
            <td class="num">{w.number(d.attempts)}</td>
            <td>{d.last_error ?? (d.last_status !== null ? String(d.last_status) : '—')}</td>
            <td class="nowrap">{w.when(d.updated_at)}</td>
            <td>
              {(d.status === 'failed' || d.status === 'unknown') && (
                <DeskForm action={`/desk/delivery/deliveries/${d.id}/retry`} csrf={props.csrf}>
                  <button type="submit" aria-label={t.retryLabel(d.id)}>
                    {t.retry}
                  </button>
                </DeskForm>
              )}
            </td>
          </tr>
        ))}
      </DeskTable>
      <p>
        {props.paged && <a href="/desk/delivery#deliveries">{t.newest}</a>}
        {props.paged && props.older !== null && ' · '}
        {props.older !== null && <a href={`/desk/delivery?before=${props.older}#deliveries`}>{t.older}</a>}
      </p>
    </Section>
  );
}

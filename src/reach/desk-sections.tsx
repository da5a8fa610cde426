import { DeskTable } from '../editors/desk-frame.tsx';
import { FREQUENCIES, SUBSCRIBER_LANGS } from '../subscriptions/types.ts';
import { DASH, SERIES, SubscriberChart } from './chart.tsx';
import { READER_WINDOW_DAYS, type DayPoint, type ReachSummary } from './summary.ts';
import type { Words } from './words.ts';

/** Total reach: three figures, then each feed with what each aggregator last said of it. */
export function ReachSection(props: { reach: ReachSummary; w: Words }) {
  const { reach, w } = props;
  const { t } = w;
  return (
    <section class="wide delivery-section" aria-labelledby="reach">
      <h2 id="reach">{t.reachTitle}</h2>
      <p>{t.reachIntro(READER_WINDOW_DAYS)}</p>
      <dl class="reach-figures">
        <div class="reach-total">
          <dt>{t.total}</dt>
          <dd>{w.number(reach.total)}</dd>
        </div>
        <div>
          <dt>{t.email}</dt>
          <dd>{w.number(reach.email)}</dd>
        </div>
        <div>
          <dt>{t.readers}</dt>
          <dd>{w.number(reach.readers)}</dd>
        </div>
      </dl>
      {reach.feeds.length === 0 ? (
        <p class="muted">{t.readersEmpty}</p>
      ) : (
        <DeskTable columns={[t.feed, <span class="num">{t.followers}</span>, t.byAggregator, t.seen]}>
          {reach.feeds.map((feed) => (
            <tr>
              <td>
                <code>{feed.feed}</code>
              </td>
              <td class="num">{w.number(feed.subscribers)}</td>
              <td>{feed.aggregators.map((a) => `${t.aggregators[a.aggregator] ?? a.aggregator} ${w.number(a.subscribers)}`).join(' · ')}</td>
              <td class="nowrap">{w.day(feed.aggregators.map((a) => a.day).sort().at(-1)!)}</td>
            </tr>
          ))}
        </DeskTable>
      )}
    </section>
  );
}

/** A line sample for the legend, drawn as the chart draws the series. */
function Swatch(props: { series: (typeof SERIES)[number] }) {
  return (
    <svg class={`swatch-${props.series}`} viewBox="0 0 32 12" aria-hidden="true">
      <line x1="1" x2="31" y1="6" y2="6" stroke="currentColor" stroke-width={props.series === 'total' ? 3 : 2} stroke-dasharray={DASH[props.series]} />
    </svg>
  );
}

/** Subscribers over time: the chart, its legend, and the same numbers as a table (for screen readers, and for reading exact values). */
export function HistorySection(props: { points: DayPoint[]; w: Words }) {
  const { points, w } = props;
  const { t } = w;
  const first = points[0];
  const last = points.at(-1);
  return (
    <section class="wide delivery-section" aria-labelledby="history">
      <h2 id="history">{t.historyTitle}</h2>
      {!first || !last ? (
        <p class="muted">{t.historyEmpty}</p>
      ) : (
        <>
          <SubscriberChart
            id="subscriber-chart"
            points={points}
            words={{ title: t.chartTitle, desc: t.chartDesc(w.day(first.day), w.day(last.day), w.number(first.total), w.number(last.total), points.length), number: w.number, day: (d) => w.day(d, true) }}
          />
          <ul class="chart-legend" aria-label={t.legend}>
            {SERIES.map((series) => (
              <li>
                <Swatch series={series} />
                {t.frequencies[series]}
              </li>
            ))}
          </ul>
          <details>
            <summary>{t.showNumbers}</summary>
            <DeskTable columns={[t.day, ...SERIES.map((s) => <span class="num">{t.frequencies[s]}</span>), ...SUBSCRIBER_LANGS.map((l) => <span class="num">{t.langs[l]}</span>)]}>
              {[...points].reverse().map((p) => (
                <tr>
                  <td class="nowrap">{w.day(p.day)}</td>
                  <td class="num">{w.number(p.total)}</td>
                  {FREQUENCIES.map((f) => (
                    <td class="num">{w.number(p.byFrequency[f])}</td>
                  ))}
                  {SUBSCRIBER_LANGS.map((l) => (
                    <td class="num">{w.number(p.byLang[l])}</td>
                  ))}
                </tr>
              ))}
            </DeskTable>
          </details>
        </>
      )}
    </section>
  );
}

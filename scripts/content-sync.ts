/**
 * npm run content:sync [-- --remote] [-- --prune] [-- --check] [-- --dir content/reports] [-- --topics content/topics.yml] [-- --persist-to .wrangler/state]
 *
 * Validates every report file, then writes new and changed reports to local KV (or, with
 * --remote, through the deployed Worker's admin API: HERALD_URL and a token must be set,
 * HERALD_TOKEN (an API token: `reports:write` is all it needs) or ADMIN_TOKEN). Nothing is
 * written when any file is invalid. Every report it writes says `source: 'file'`. --prune
 * deletes stored reports that came from a file and have no file any more; a report made in
 * the desk or through the API (`source: 'desk'`) is never pruned. A topic that the topic catalogue
 * (--topics) lacks is a warning naming the file and the topic: the report is still
 * written, and pages show the topic's slug as its label until the catalogue has it. The first sync into an empty store
 * records its reports quietly: a site's back catalogue is not announced as new.
 */
import { parseArgs } from 'node:util';
import { readContent, readTopicCatalogue, unknownTopics } from './lib/content.ts';
import { localTarget, type Outcome, remoteTarget, type SyncTarget } from './lib/sync-targets.ts';

/** Runs the sync; `given` is a target the caller opened (and closes) itself. */
export async function sync(argv: string[], given?: SyncTarget): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      remote: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      dir: { type: 'string', default: 'content/reports' },
      topics: { type: 'string', default: 'content/topics.yml' },
      'persist-to': { type: 'string' },
    },
  });
  const { reports, errors } = await readContent(values.dir);
  if (errors.length > 0) {
    for (const e of errors) console.error(`${e.file}:${e.line}: ${e.field}: ${e.message}`);
    console.error(`\n${errors.length} error(s) in ${values.dir}; nothing was written.`);
    return 1;
  }
  let catalogue;
  try {
    catalogue = await readTopicCatalogue(values.topics);
  } catch (error) {
    console.error(`${values.topics}: ${error instanceof Error ? error.message : String(error)}\nThe site will not build with this catalogue; nothing was written.`);
    return 1;
  }
  if (catalogue === null) {
    console.warn(`warning: no topic catalogue at ${values.topics}: every topic shows its slug as its label.`);
  } else {
    const unknown = unknownTopics(reports, catalogue);
    for (const { file, topic } of unknown) console.warn(`warning: ${file}: unknown topic "${topic}" (not in ${values.topics}; it still works, with its slug as label)`);
    if (unknown.length > 0) console.warn(`${unknown.length} unknown topic(s): add each to ${values.topics} with its label and introduction, or correct the name in the report.\n`);
  }
  if (values.check) {
    console.log(`${reports.length} report file(s) in ${values.dir} are valid.`);
    return 0;
  }
  let target: SyncTarget;
  if (given) {
    target = given;
  } else if (values.remote) {
    const url = process.env.HERALD_URL;
    const token = process.env.HERALD_TOKEN || process.env.ADMIN_TOKEN;
    if (!url || !token) {
      console.error('--remote needs HERALD_URL (the deployed site, e.g. https://herald.example.org) and HERALD_TOKEN (an API token with the scope reports:write) or ADMIN_TOKEN in the environment.');
      return 1;
    }
    target = remoteTarget(url, token);
  } else {
    target = await localTarget(values['persist-to']);
  }
  try {
    const counts: Record<Outcome | 'pruned', number> = { created: 0, updated: 0, unchanged: 0, pruned: 0 };
    console.log(`Syncing ${reports.length} report(s) from ${values.dir} to ${target.name}`);
    const firstSync = reports.length > 0 ? await target.beginFirstSync() : null;
    if (firstSync) console.log('The store is empty: this first sync records its reports quietly (the feeds and pages list them; no email, digest or cross-post announces them as new, except a report that says announce: true).');
    try {
      for (const [i, report] of reports.entries()) {
        const outcome = await target.save(report.slug, report.input, firstSync);
        counts[outcome]++;
        console.log(`  [${i + 1}/${reports.length}] ${outcome.padEnd(9)} ${report.slug}`);
      }
    } finally {
      if (firstSync) await target.endFirstSync(firstSync);
    }
    if (values.prune) {
      const keep = new Set(reports.map((r) => r.slug));
      for (const { slug, source } of await target.stored()) {
        if (keep.has(slug)) continue;
        if (source === 'desk' || !(await target.prune(slug))) {
          console.log(`  kept      ${slug} (made in the desk, or changed there since it was listed: --prune deletes only reports that came from a file)`);
          continue;
        }
        counts.pruned++;
        console.log(`  pruned    ${slug}`);
      }
    }
    console.log(`Done: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.pruned} pruned.`);
    return 0;
  } finally {
    if (!given) await target.close();
  }
}

if (import.meta.main) {
  process.exitCode = await sync(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`content:sync stopped: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
}

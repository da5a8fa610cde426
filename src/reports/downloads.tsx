import { catalogue } from '../common/i18n/index.ts';
import type { Attachment } from './schema.ts';

const UNITS = ['KB', 'MB', 'GB'] as const;

/**
 * A size as readers read one, in `lang`'s digits: "512 bytes", "34 KB", "1.2 MB", "10 MB"
 * (1 KB = 1,000 bytes, as file managers on phones and macOS count; one decimal below 10).
 */
export function humanSize(bytes: number, lang: string): string {
  const r = catalogue(lang).report;
  if (bytes < 1000) return r.bytes(bytes);
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: value < 9.95 ? 1 : 0 }).format(value);
  return `${number} ${UNITS[unit]}`;
}

/**
 * The files offered with a report ("Downloads", "附件下载"): each by its title, linked with
 * its type, then its kind and size, in the report's language. Nothing without attachments.
 */
export function Downloads({ attachments, lang }: { attachments: Attachment[] | undefined; lang: string }) {
  if (!attachments || attachments.length === 0) return null;
  const r = catalogue(lang).report;
  return (
    <section class="report-downloads" aria-labelledby="report-downloads">
      <h2 id="report-downloads">{r.downloads}</h2>
      <ul>
        {attachments.map((file) => (
          <li>
            <a href={file.url} type={file.type}>
              {file.title}
            </a>{' '}
            <span class="download-facts">{r.fileFacts(r.fileKinds[file.type], humanSize(file.length, lang))}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

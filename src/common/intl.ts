/**
 * `Intl.DateTimeFormat`s kept per isolate, one per locale and options: building one costs
 * far more than formatting with it, and pages, emails and calendars format many dates.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `locale` and `options` (time zone included), built once. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

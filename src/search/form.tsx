import type { SiteConfig } from '../common/config.ts';
import { catalogue, LANGUAGES, type Lang } from '../common/i18n/index.ts';
import type { FieldError } from '../common/problem.ts';
import { cataloguedTopics, topicLabel } from '../common/topics.ts';
import { localUrl } from '../common/urls.ts';
import { languageName } from '../feeds/list-page.tsx';
import { EVENT_KINDS } from '../reports/schema.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './params.ts';
import { MAX_QUERY_LENGTH } from './query.ts';

/** What the search form shows: the values as the reader sent them (also when they are wrong), and the errors. */
export interface FormValues {
  q: string;
  topics: string[];
  lang: string;
  kind: string;
  from: string;
  to: string;
  /** Kept from the address when valid and not the default, so a new search keeps the page size. */
  perPage?: string;
}

/** The form's values from the request's parameters, unchecked: the form shows what was asked. */
export function formValues(params: URLSearchParams): FormValues {
  const one = (name: string) => (params.get(name) ?? '').trim();
  const perPage = one('per_page');
  return {
    q: params.get('q') ?? '',
    topics: [...new Set(params.getAll('topic').map((t) => t.trim()).filter(Boolean))],
    lang: one('lang').toLowerCase(),
    kind: one('kind'),
    from: one('from'),
    to: one('to'),
    perPage: /^[1-9]\d?$/.test(perPage) && Number(perPage) <= MAX_PER_PAGE && Number(perPage) !== DEFAULT_PER_PAGE ? perPage : undefined,
  };
}

/** The message shown at `field` in the reader's language (readSearch's messages are the API's, in English). */
export function messageFor(error: FieldError, values: FormValues, lang: Lang): string {
  const t = catalogue(lang).search.fieldErrors;
  if (error.field === 'q') return [...values.q].length > MAX_QUERY_LENGTH ? t.qTooLong(MAX_QUERY_LENGTH) : t.q;
  return (t as Record<string, unknown>)[error.field] === undefined ? error.message : (t[error.field as keyof typeof t] as string);
}

/** Where an error's message sits, for `aria-describedby` and the summary's links. */
const errorId = (field: string) => `search-${field}-error`;

function ErrorAt({ field, errors, values, lang }: { field: string; errors: FieldError[]; values: FormValues; lang: Lang }) {
  const error = errors.find((e) => e.field === field);
  if (!error) return null;
  return (
    <span class="error" id={errorId(field)}>
      {messageFor(error, values, lang)}
    </span>
  );
}

/** The attributes that tie a field to its error, when it has one. */
function invalid(field: string, errors: FieldError[]) {
  return errors.some((e) => e.field === field) ? { 'aria-invalid': 'true', 'aria-describedby': errorId(field) } : {};
}

/**
 * The search page's form: the query and a search button, then the filters (topics from the
 * catalogue by label, language, event type, publication dates). Topics fold into a
 * `<details>` whose summary says how many are chosen (open only when they are wrong), so
 * the results stay in view; from a tablet's width it opens over the page below.
 * Errors are listed above the form, each linking its field, and shown at the field.
 */
export function SearchForm({ site, lang, values, errors }: { site: Pick<SiteConfig, 'siteUrl'>; lang: Lang; values: FormValues; errors: FieldError[] }) {
  const t = catalogue(lang).search;
  const kinds: Record<string, string> = catalogue(lang).events.kinds;
  const topics = [...new Set([...cataloguedTopics(), ...values.topics])];
  // A language the site has no interface in (`lang=fr`) is a valid filter: it is offered too.
  const primaryLang = values.lang.split('-')[0]!;
  const langs = [...new Set<string>([...LANGUAGES, ...(/^[a-z]{2,3}$/.test(primaryLang) ? [primaryLang] : [])])];
  const fields = ['q', 'topic', 'lang', 'kind', 'from', 'to'];
  return (
    <form class="search-form" role="search" action={localUrl(site, lang, '/search')} method="get" aria-label={t.formLabel}>
      {errors.length > 0 && (
        <div class="search-errors" role="alert">
          <p>{t.errorSummary}</p>
          <ul>
            {errors.map((error) => (
              <li>{fields.includes(error.field) ? <a href={`#search-${error.field}`}>{messageFor(error, values, lang)}</a> : messageFor(error, values, lang)}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="search-query">
        <label for="search-q">{t.queryLabel}</label>
        <div class="search-query-row">
          <input id="search-q" type="search" name="q" value={values.q} maxlength={MAX_QUERY_LENGTH} enterkeyhint="search" {...invalid('q', errors)} />
          <button type="submit">{t.submit}</button>
        </div>
        <ErrorAt field="q" errors={errors} values={values} lang={lang} />
      </div>
      <fieldset class="search-filters">
        <legend class="visually-hidden">{t.filters}</legend>
        <details class="search-topics" id="search-topic" open={errors.some((e) => e.field === 'topic')}>
          <summary>
            <span class="search-filter-name">{t.topics}</span>
            <span class="search-filter-value">{values.topics.length > 0 ? t.topicsChosen(values.topics.length) : t.anyTopic}</span>
          </summary>
          <fieldset class="search-topic-choices">
            <legend class="visually-hidden">{t.topics}</legend>
            {topics.map((topic) => (
              <label class="choice">
                <input type="checkbox" name="topic" value={topic} checked={values.topics.includes(topic)} /> {topicLabel(topic, lang)}
              </label>
            ))}
            <button type="submit" class="search-apply">
              {t.apply}
            </button>
          </fieldset>
          <ErrorAt field="topic" errors={errors} values={values} lang={lang} />
        </details>
        <div class="search-field">
          <label for="search-lang">{t.lang}</label>
          <select id="search-lang" name="lang" {...invalid('lang', errors)}>
            <option value="">{t.anyLang}</option>
            {langs.map((code) => (
              <option value={code} selected={primaryLang === code}>
                {languageName(code, lang)}
              </option>
            ))}
          </select>
          <ErrorAt field="lang" errors={errors} values={values} lang={lang} />
        </div>
        <div class="search-field">
          <label for="search-kind">{t.kind}</label>
          <select id="search-kind" name="kind" {...invalid('kind', errors)}>
            <option value="">{t.anyKind}</option>
            {EVENT_KINDS.map((kind) => (
              <option value={kind} selected={values.kind === kind}>
                {kinds[kind]}
              </option>
            ))}
          </select>
          <ErrorAt field="kind" errors={errors} values={values} lang={lang} />
        </div>
        {(['from', 'to'] as const).map((field) => (
          <div class="search-field">
            <label for={`search-${field}`}>{t[field]}</label>
            <input id={`search-${field}`} type="date" name={field} value={values[field]} {...invalid(field, errors)} />
            <ErrorAt field={field} errors={errors} values={values} lang={lang} />
          </div>
        ))}
      </fieldset>
      {values.perPage && <input type="hidden" name="per_page" value={values.perPage} />}
    </form>
  );
}

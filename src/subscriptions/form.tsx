import type { FieldError } from '../common/problem.ts';
import { catalogue, LANGUAGE_TAGS } from '../common/i18n/index.ts';
import { topicLabel } from '../common/topics.ts';
import type { Fields, Preferences } from './input.ts';
import { FREQUENCIES, INTERFACE_LANGS, type InterfaceLang, SUBSCRIBER_LANGS } from './types.ts';

/** What a subscription form shows: the values to prefill, the topics on offer, the errors. */
export interface FormState {
  email?: string;
  frequency: string;
  topics: string[];
  /** en, zh or both (null, from callers that predate the choice: both). */
  lang: string | null;
  /** The interface language to preselect (preferences only; sign-up takes the page's). */
  uiLang?: string;
  timeZone: string;
  /** The search followed, as written (absent, null or empty: none). */
  query?: string | null;
  errors: FieldError[];
}

/** The form as the reader filled it in, to show again with its errors. */
export function formState(fields: Fields, prefs: Preferences, errors: FormState['errors']): FormState {
  const topics = [fields.topics, fields.topic].flat().filter((v): v is string => typeof v === 'string');
  return {
    email: typeof fields.email === 'string' ? fields.email : '',
    frequency: typeof fields.frequency === 'string' ? fields.frequency : prefs.frequency,
    topics,
    lang: typeof fields.lang === 'string' ? fields.lang : prefs.lang,
    uiLang: typeof fields.ui_lang === 'string' ? fields.ui_lang : prefs.uiLang,
    timeZone: typeof fields.timezone === 'string' && fields.timezone !== '' ? fields.timezone : prefs.timeZone,
    query: typeof fields.query === 'string' ? fields.query : prefs.query,
    errors,
  };
}

/** The interface language of a page whose language tag is `lang` (`zh-Hans` → zh). */
export function interfaceLang(lang: string): InterfaceLang {
  return lang.split('-')[0]!.toLowerCase() === 'zh' ? 'zh' : 'en';
}

/** A select styled as the form's inputs are (forms.css styles inputs only): full width up to 28rem, never wider than a phone. */
const SELECT_STYLE = 'display:block;width:100%;max-width:28rem;font:inherit;padding:.4rem;margin-top:.2rem';

function ErrorFor({ field, errors, lang }: { field: string; errors: FieldError[]; lang: InterfaceLang }) {
  const error = errors.find((e) => e.field === field);
  if (!error) return null;
  const messages = catalogue(lang).subscriptions.fieldErrors;
  return (
    <span class="error" id={`${field}-error`} role="alert">
      {messages[field as keyof typeof messages] ?? error.message}
    </span>
  );
}

/** The fields a short form folds under "More options": any of them with an error, or chosen, opens it. */
const MORE_OPTIONS = ['query', 'topics', 'lang', 'timezone'];

/** The most characters the query field takes: the search's limit (MAX_QUERY_LENGTH); the server checks it too. */
const QUERY_MAX = 200;

/**
 * The search a subscriber follows: words, as the site search takes them. Empty: every
 * report on their topics and in their language.
 */
function QueryField({ state, ui }: { state: FormState; ui: InterfaceLang }) {
  const t = catalogue(ui).subscriptions;
  const failed = state.errors.some((e) => e.field === 'query');
  return (
    <>
      <label>
        {t.query}
        <input type="search" name="query" value={state.query ?? ''} maxlength={QUERY_MAX} autocomplete="off" aria-describedby={failed ? 'query-hint query-error' : 'query-hint'} aria-invalid={failed ? 'true' : undefined} />
        <span class="muted" id="query-hint">
          {t.queryHint}
        </span>
      </label>
      <ErrorFor field="query" errors={state.errors} lang={ui} />
    </>
  );
}

/** The topics on offer, by label in the interface language, in its alphabetical order; their slugs are the values posted. */
function offeredTopics(topics: string[], ui: InterfaceLang): { topic: string; label: string }[] {
  const collator = new Intl.Collator(LANGUAGE_TAGS[ui]);
  return topics.map((topic) => ({ topic, label: topicLabel(topic, ui) })).sort((a, b) => collator.compare(a.label, b.label) || collator.compare(a.topic, b.topic));
}

/**
 * The preference fields shared by the subscribe and preferences forms. The time zone input
 * is prefilled with the site's zone; /assets/subscribe.js replaces it with the browser's
 * when scripts run, and the form works without it. The interface language is a choice on
 * the preferences form only: a sign-up takes the language of the page it was made on.
 * `moreOptions` folds the topics, the language of reports and the time zone into a closed
 * `<details>` (the home page's short card), open when one of them has an error or a value.
 */
export function PreferenceFields({ state, topicsInUse, lang, fillTimeZone = false, chooseInterface = false, moreOptions = false }: { state: FormState; topicsInUse: string[]; lang: string; fillTimeZone?: boolean; chooseInterface?: boolean; moreOptions?: boolean }) {
  const ui = interfaceLang(lang);
  const t = catalogue(ui).subscriptions;
  const offered = offeredTopics([...new Set([...topicsInUse, ...state.topics])], ui);
  const reportLang = state.lang ?? 'both';
  const options = (
    <>
      <QueryField state={state} ui={ui} />
      {offered.length > 0 && (
        <fieldset class="topic-choices">
          <legend>{t.topics}</legend>
          {offered.map(({ topic, label }) => (
            <label class="choice">
              <input type="checkbox" name="topics" value={topic} checked={state.topics.includes(topic)} /> {label}
            </label>
          ))}
          <ErrorFor field="topics" errors={state.errors} lang={ui} />
        </fieldset>
      )}
      <label>
        {t.lang}
        <select name="lang" style={SELECT_STYLE} aria-describedby="lang-hint">
          {SUBSCRIBER_LANGS.map((l) => (
            <option value={l} selected={reportLang === l}>
              {t.langs[l]}
            </option>
          ))}
        </select>
        <span class="muted" id="lang-hint">
          {t.langHint}
        </span>
      </label>
      <ErrorFor field="lang" errors={state.errors} lang={ui} />
      {chooseInterface ? (
        <>
          <label>
            {t.uiLang}
            <select name="ui_lang" style={SELECT_STYLE}>
              {INTERFACE_LANGS.map((l) => (
                <option value={l} lang={l} selected={(state.uiLang ?? ui) === l}>
                  {t.uiLangs[l]}
                </option>
              ))}
            </select>
          </label>
          <ErrorFor field="ui_lang" errors={state.errors} lang={ui} />
        </>
      ) : (
        <input type="hidden" name="ui_lang" value={ui} />
      )}
      <label>
        {t.timezone}
        <input name="timezone" value={state.timeZone} data-fill={fillTimeZone ? 'timezone' : undefined} maxlength={64} required />
      </label>
      <ErrorFor field="timezone" errors={state.errors} lang={ui} />
    </>
  );
  const open = Boolean(state.query) || state.topics.length > 0 || (state.lang !== null && state.lang !== 'both') || state.errors.some((e) => MORE_OPTIONS.includes(e.field));
  return (
    <>
      <fieldset>
        <legend>{t.frequency}</legend>
        {FREQUENCIES.map((f) => (
          <label class="choice">
            <input type="radio" name="frequency" value={f} checked={state.frequency === f} /> {t.frequencies[f]}
          </label>
        ))}
        <ErrorFor field="frequency" errors={state.errors} lang={ui} />
      </fieldset>
      {moreOptions ? (
        <details class="more-options" open={open}>
          <summary>
            {t.moreOptions} <span class="more-options-hint">{t.moreOptionsHint}</span>
          </summary>
          {options}
        </details>
      ) : (
        options
      )}
    </>
  );
}

/**
 * The sign-up form, on /subscribe, /zh/subscribe and the home pages. It posts to the
 * sign-up of its own language, and says which language it was in (`ui_lang`), so the
 * subscriber's pages and emails are in the language they signed up in. `short` (the home
 * page's card) shows the address and the frequency, the rest under "More options".
 * `following` (the /subscribe page) says, above the form, which search the reader is about
 * to follow when one is filled in: only reports matching it will come.
 */
export function SubscribeForm({ action, state, topicsInUse, lang, short = false, following = false }: { action?: string; state: FormState; topicsInUse: string[]; lang: string; short?: boolean; following?: boolean }) {
  const ui = interfaceLang(lang);
  const t = catalogue(ui).subscriptions;
  const followed = following && state.query && !state.errors.some((e) => e.field === 'query') ? state.query : null;
  return (
    <form method="post" action={action ?? (ui === 'zh' ? '/zh/subscribe' : '/subscribe')} class={short ? 'subscribe subscribe-short' : 'subscribe'}>
      {followed && (
        <p class="notice following" role="status">
          {t.following(followed)}
        </p>
      )}
      {state.errors.length > 0 && <p class="error">{t.fixErrors}</p>}
      <label>
        {t.email}
        <input type="email" name="email" value={state.email ?? ''} required maxlength={254} autocomplete="email" />
      </label>
      <ErrorFor field="email" errors={state.errors} lang={ui} />
      <PreferenceFields state={state} topicsInUse={topicsInUse} lang={ui} fillTimeZone moreOptions={short} />
      <button type="submit">{t.subscribeButton}</button>
      <script src="/assets/subscribe.js" defer></script>
    </form>
  );
}

/** Fills the time zone field from the browser (served as /assets/subscribe.js under `script-src 'self'`). */
export const SUBSCRIBE_SCRIPT = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var f=document.querySelectorAll('input[data-fill="timezone"]');for(var i=0;i<f.length;i++){f[i].value=z;}}catch(e){}})();`;

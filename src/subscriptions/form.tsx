import type { FieldError } from '../common/problem.ts';
import { catalogue } from '../common/i18n/index.ts';
import type { Fields, Preferences } from './input.ts';
import { FREQUENCIES } from './types.ts';

/** What a subscription form shows: the values to prefill, the topics on offer, the errors. */
export interface FormState {
  email?: string;
  frequency: string;
  topics: string[];
  lang: string | null;
  timeZone: string;
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
    timeZone: typeof fields.timezone === 'string' && fields.timezone !== '' ? fields.timezone : prefs.timeZone,
    errors,
  };
}

function ErrorFor({ field, errors }: { field: string; errors: FieldError[] }) {
  const error = errors.find((e) => e.field === field);
  return error ? (
    <span class="error" id={`${field}-error`} role="alert">
      {error.message}
    </span>
  ) : null;
}

/**
 * The preference fields shared by the subscribe and preferences forms. The time zone input
 * is prefilled with the site's zone; /assets/subscribe.js replaces it with the browser's
 * when scripts run, and the form works without it.
 */
export function PreferenceFields({ state, topicsInUse, lang, fillTimeZone = false }: { state: FormState; topicsInUse: string[]; lang: string; fillTimeZone?: boolean }) {
  const t = catalogue(lang).subscriptions;
  const offered = [...new Set([...topicsInUse, ...state.topics])].sort();
  return (
    <>
      <fieldset>
        <legend>{t.frequency}</legend>
        {FREQUENCIES.map((f) => (
          <label class="choice">
            <input type="radio" name="frequency" value={f} checked={state.frequency === f} /> {t.frequencies[f]}
          </label>
        ))}
        <ErrorFor field="frequency" errors={state.errors} />
      </fieldset>
      {offered.length > 0 && (
        <fieldset>
          <legend>{t.topics}</legend>
          {offered.map((topic) => (
            <label class="choice">
              <input type="checkbox" name="topics" value={topic} checked={state.topics.includes(topic)} /> {topic}
            </label>
          ))}
          <ErrorFor field="topics" errors={state.errors} />
        </fieldset>
      )}
      <label>
        {t.lang}
        <input name="lang" value={state.lang ?? ''} placeholder="en, zh" maxlength={35} />
      </label>
      <ErrorFor field="lang" errors={state.errors} />
      <label>
        {t.timezone}
        <input name="timezone" value={state.timeZone} data-fill={fillTimeZone ? 'timezone' : undefined} maxlength={64} required />
      </label>
      <ErrorFor field="timezone" errors={state.errors} />
    </>
  );
}

/** The sign-up form, on /subscribe and on the home page. */
export function SubscribeForm({ action, state, topicsInUse, lang }: { action: string; state: FormState; topicsInUse: string[]; lang: string }) {
  const t = catalogue(lang).subscriptions;
  return (
    <form method="post" action={action} class="subscribe">
      {state.errors.length > 0 && <p class="error">{t.fixErrors}</p>}
      <label>
        {t.email}
        <input type="email" name="email" value={state.email ?? ''} required maxlength={254} autocomplete="email" />
      </label>
      <ErrorFor field="email" errors={state.errors} />
      <PreferenceFields state={state} topicsInUse={topicsInUse} lang={lang} fillTimeZone />
      <button type="submit">{t.subscribeButton}</button>
      <script src="/assets/subscribe.js" defer></script>
    </form>
  );
}

/** Fills the time zone field from the browser (served as /assets/subscribe.js under `script-src 'self'`). */
export const SUBSCRIBE_SCRIPT = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var f=document.querySelectorAll('input[data-fill="timezone"]');for(var i=0;i<f.length;i++){f[i].value=z;}}catch(e){}})();`;

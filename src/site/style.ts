/**
 * Style of the subscription forms. The layout includes it on every page (the home page
 * carries the subscribe form); it lives in a module of its own so the layout imports no page.
 */
export const FORM_STYLE = `form.subscribe label,form.subscribe fieldset{display:block;margin:.8rem 0}form.subscribe input:not([type=radio]):not([type=checkbox]){display:block;width:100%;max-width:28rem;font:inherit;padding:.4rem;margin-top:.2rem}
form.subscribe .choice{display:inline-block;margin:.2rem 1rem .2rem 0}form.subscribe fieldset{border:1px solid var(--line);border-radius:6px}
form button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer}.error{color:#b3261e;display:block}`;

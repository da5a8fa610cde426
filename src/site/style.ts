import forms from './css/forms.css';

/**
 * Style of the subscription forms and the pages behind email links, from forms.css. The
 * layout includes it on every page (the home page carries the subscribe form); it lives in
 * a module of its own so the layout imports no page.
 */
export const FORM_STYLE = forms;

import { Hono } from 'hono';
import type { AppEnv } from '../common/app-env.ts';
import { fingerprint } from '../site/stylesheet.ts';
import { titleMatches } from './desk-list.ts';
import { inputOf, reportFromForm } from './desk-form.ts';

/**
 * What the desk's script does, on top of pages that work without it:
 * - the report list narrows its rows as one types a title (the same match as the server's);
 * - the editor adds and removes rows, previews the body as one types (debounced, rendered by
 *   the site's own pipeline at POST /desk/preview/body), uploads images (alt required) and
 *   PDFs through POST /api/media, and saves through the admin API with `If-Match` on Ctrl/Cmd+S
 *   or a button: a 400 shows each error at its input, a 412 hands the form to the desk's own
 *   post, which answers with the side-by-side merge page.
 * The form is read into JSON by `reportFromForm`, the very function the no-JS post uses.
 */
const SCRIPT_BODY = `
var __name=function(f){return f;};
var reportFromForm=${reportFromForm.toString()};
var inputOf=${inputOf.toString()};
var titleMatches=${titleMatches.toString()};
function $(s,r){return (r||document).querySelector(s);}
function $$(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));}
function fieldsOf(form){var f={};new FormData(form).forEach(function(v,k){if(typeof v!=='string')return;(f[k]=f[k]||[]).push(v);});return f;}

var find=$('input[data-find]');
if(find){var table=document.getElementById(find.getAttribute('data-find'));var count=$('#desk-count');
find.addEventListener('input',function(){if(!table)return;var shown=0,rows=$$('tbody tr',table);rows.forEach(function(tr){var ok=!find.value.trim()||titleMatches(tr.getAttribute('data-title')||'',find.value);tr.hidden=!ok;if(ok)shown++;});
if(count){count.textContent=shown===rows.length?count.getAttribute('data-all'):count.getAttribute('data-some').replace('-1',String(shown));}});}

var form=$('#desk-editor');
if(form){
var status=$('#editor-status');
$$('[data-add-row],[data-remove-row],[data-upload]',form).forEach(function(el){el.hidden=false;});
$$('.no-script-note',form).forEach(function(el){el.hidden=true;});
function renumber(li,prefix,n){$$('[name],[id],[aria-describedby],[data-field]',li).forEach(function(el){['name','id','aria-describedby','data-field'].forEach(function(a){var v=el.getAttribute(a);if(v&&v.indexOf(prefix+'.')>=0)el.setAttribute(a,v.replace(new RegExp(prefix.replace(/\\./g,'\\\\.')+'\\\\.\\\\d+\\\\.'),prefix+'.'+n+'.'));});});}
function addRow(prefix){var set=$('[data-rows="'+prefix+'"]',form);var items=$$('li.row',set);var last=items[items.length-1];var li=last.cloneNode(true);var n=0;items.forEach(function(x){n=Math.max(n,Number(x.getAttribute('data-row'))+1);});li.setAttribute('data-row',String(n));renumber(li,prefix,n);$$('input,select,textarea',li).forEach(function(i){i.value='';i.removeAttribute('aria-invalid');});$$('.field-error',li).forEach(function(e){e.textContent='';e.hidden=true;});last.parentNode.appendChild(li);var first=$('input',li);if(first)first.focus();return li;}
form.addEventListener('click',function(e){var add=e.target.closest('[data-add-row]');if(add){e.preventDefault();addRow(add.getAttribute('data-add-row'));return;}
var rm=e.target.closest('[data-remove-row]');if(rm){e.preventDefault();var li=rm.closest('li.row');if($$('li.row',li.parentNode).length>1)li.remove();else $$('input,select,textarea',li).forEach(function(i){i.value='';});}});

var preview=$('#live-preview'),timer=null,seq=0;
function refresh(){var mine=++seq;var body=new FormData();var f=fieldsOf(form);['csrf','slug','title','lang','body'].forEach(function(k){body.append(k,(f[k]||[''])[0]);});
fetch('/desk/preview/body',{method:'POST',body:body,credentials:'same-origin'}).then(function(r){return r.ok?r.text():null;}).then(function(html){if(html!==null&&mine===seq)preview.innerHTML=html;});}
if(preview){refresh();form.addEventListener('input',function(e){if(!e.target.name||['body','title','lang','slug'].indexOf(e.target.name)<0)return;clearTimeout(timer);timer=setTimeout(refresh,400);});}

function clearErrors(){$$('.field-error',form).forEach(function(e){e.textContent='';e.hidden=true;});$$('[aria-invalid]',form).forEach(function(i){i.removeAttribute('aria-invalid');});}
function showErrors(errors){var first=null;errors.forEach(function(err){var name=inputOf(err.field);var box=document.getElementById('err-'+name);var input=form.querySelector('[name="'+name+'"]');
if(box){box.textContent=(box.textContent?box.textContent+'; ':'')+err.message;box.hidden=false;}else if(status){status.textContent+=' '+err.field+': '+err.message;}
if(input){input.setAttribute('aria-invalid','true');if(!first)first=input;}});if(first)first.focus();}
var busy=false;
function save(action){if(busy)return;busy=true;clearErrors();var slug=form.getAttribute('data-slug');var built=reportFromForm(fieldsOf(form),action,Date.now());
if(built.errors.length){busy=false;status.textContent=form.getAttribute('data-invalid');showErrors(built.errors);return;}
status.textContent=form.getAttribute('data-saving');
var headers={'content-type':'application/json','x-csrf-token':form.getAttribute('data-csrf')};if(slug&&form.getAttribute('data-etag'))headers['if-match']=form.getAttribute('data-etag');
fetch(slug?'/api/reports/'+slug:'/api/reports',{method:slug?'PUT':'POST',headers:headers,body:JSON.stringify(built.json),credentials:'same-origin'}).then(function(r){
if(r.status===412){var a=document.createElement('input');a.type='hidden';a.name='action';a.value=action;form.appendChild(a);form.submit();return;}
return r.json().then(function(body){busy=false;
if(r.ok){if(!slug){location.href='/desk/reports/'+body.slug+'/edit?saved=1';return;}form.setAttribute('data-etag',r.headers.get('etag')||'');$('[name=etag]',form).value=r.headers.get('etag')||'';$('[name="state.draft"]',form).value=body.draft?'true':'false';$('[name=published]',form).value=body.published||'';status.textContent=form.getAttribute('data-saved');return;}
status.textContent=form.getAttribute('data-problem')+' '+(body.detail||r.status);showErrors(body.errors||[]);});}).catch(function(){busy=false;status.textContent=form.getAttribute('data-problem');});}
form.addEventListener('submit',function(e){var b=e.submitter;if(!b||b.getAttribute('formaction'))return;e.preventDefault();save(b.value||'save');});
document.addEventListener('keydown',function(e){if((e.ctrlKey||e.metaKey)&&!e.altKey&&(e.key==='s'||e.key==='S')){e.preventDefault();save('save');}});

var up=$('#upload-button');
if(up){up.addEventListener('click',function(){var file=$('#upload-file').files[0];var alt=$('#upload-alt').value.trim();var out=$('#upload-status');if(!file)return;var data=new FormData();data.append('file',file);if(alt)data.append('alt',alt);
fetch('/api/media',{method:'POST',body:data,headers:{'x-csrf-token':form.getAttribute('data-csrf')},credentials:'same-origin'}).then(function(r){return r.json().then(function(m){
if(!r.ok){out.textContent=(m.detail||r.status)+(m.errors&&m.errors.length?' ('+m.errors.map(function(x){return x.field+': '+x.message;}).join('; ')+')':'');return;}
if(m.type==='application/pdf'){var rows=$$('[data-rows="attachments"] li.row',form);var li=rows[rows.length-1];if($('input',li).value)li=addRow('attachments');
var set=function(k,v){var i=li.querySelector('[name$=".'+k+'"]');if(i)i.value=v;};set('url',m.url);set('title',file.name.replace(/\\.[^.]+$/,''));set('type',m.type);set('length',String(m.bytes));out.textContent=up.getAttribute('data-attached');}
else{var body=$('[name=body]',form);var md='!['+alt.replace(/[\\[\\]]/g,'')+']('+m.url+')';var at=body.selectionStart||body.value.length;body.value=body.value.slice(0,at)+'\\n\\n'+md+'\\n\\n'+body.value.slice(at);refresh();out.textContent=up.getAttribute('data-inserted');}});});});}
}
`;

/** The desk's script, as served. */
export const DESK_SCRIPT = `(function(){${SCRIPT_BODY}})();`;

/** Its address: fingerprinted, so a new version is never read from a stale cache. */
export const DESK_SCRIPT_PATH = `/assets/desk.${fingerprint(DESK_SCRIPT)}.js`;

/** Serves the desk's script (the CSP allows only the site's own scripts). */
export const deskScript = new Hono<AppEnv>();
deskScript.get(DESK_SCRIPT_PATH, (c) => c.body(DESK_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }));

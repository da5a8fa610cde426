/**
 * The copy buttons of /follow (served as /assets/follow.js under `script-src 'self'`): shows
 * them (they are hidden until a script can make them work), copies the address a button
 * names, says so on the button for two seconds and to screen readers through the page's
 * status line. Where the clipboard is refused, the address is selected for the reader to copy.
 */
export const FOLLOW_SCRIPT = `(function(){
var buttons=document.querySelectorAll('button[data-copy]');
for(var i=0;i<buttons.length;i++){buttons[i].hidden=false;}
var status=document.getElementById('follow-status');
function select(button){var code=button.parentNode.querySelector('code');if(!code)return;var range=document.createRange();range.selectNodeContents(code);var s=window.getSelection();s.removeAllRanges();s.addRange(range);}
function done(button){var label=button.getAttribute('data-label')||button.textContent;button.setAttribute('data-label',label);button.textContent=button.getAttribute('data-copied');button.classList.add('is-copied');if(status){status.textContent=button.getAttribute('data-copied')+': '+button.getAttribute('data-copy');}
clearTimeout(button._t);button._t=setTimeout(function(){button.textContent=label;button.classList.remove('is-copied');},2000);}
document.addEventListener('click',function(event){var button=event.target.closest&&event.target.closest('button[data-copy]');if(!button)return;
var text=button.getAttribute('data-copy');
if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(text).then(function(){done(button);},function(){select(button);});}else{select(button);}});
})();`;

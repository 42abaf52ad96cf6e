// The script-tag build's entry for this on-demand part: hands its exports to modules-script.ts.
import * as exports from './article.ts';

document.dispatchEvent(new CustomEvent('selfserve:module', { detail: { name: 'article', exports } }));

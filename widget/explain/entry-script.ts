// The script-tag build's entry for the explain module (selfserve-explain.js): hands `startExplain`
// to the loader in a DOM event, as the app does, adding no global.
import { startExplain } from './start.ts';

document.dispatchEvent(new CustomEvent('selfserve:explain', { detail: { startExplain } }));

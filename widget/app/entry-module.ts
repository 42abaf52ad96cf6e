// The app as the script-tag build loads it: a module script (so it can carry an integrity hash) that
// hands its `mount` to the loader through a DOM event, adding no global of its own.
import { mount } from './mount.tsx';

document.dispatchEvent(new CustomEvent('selfserve:app', { detail: { mount } }));

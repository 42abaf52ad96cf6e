// The script-tag build (dist/selfserve.js): a small IIFE that loads the rest (selfserve-app.js, next
// to it) only when the widget is opened or the browser is idle.
import { install } from './loader.ts';
import type { AppModule } from './types.ts';

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || document.baseURI;

install(() => import(/* @vite-ignore */ new URL('selfserve-app.js', base).href) as Promise<AppModule>, script);

// The ES module build, for bundlers and for development: the app is a normal dynamic import.
import { install, type SelfserveApi } from './loader.ts';

const script = document.querySelector<HTMLScriptElement>('script[data-index][src*="selfserve"], script[data-selfserve]');

export const Selfserve: SelfserveApi = install(() => import('./app/mount.tsx'), script, undefined, () => import('./explain/start.ts'));
export type { SelfserveApi } from './loader.ts';
export type { WidgetConfig } from './config.ts';
export type { WidgetEvents } from './events.ts';

import { afterPaint } from '../after-paint.ts';
/** Time as the widget uses it, injected so tests move it forward instead of sleeping. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  /** Resolves once the page has painted what is on screen now: work after it cannot delay that frame. */
  afterPaint(): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  afterPaint,
};

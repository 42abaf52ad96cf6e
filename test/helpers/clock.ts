import type { Clock } from '../../widget/app/clock.ts';

/** A clock that stands still until the test moves it: timers run in order, with no real waiting. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let next = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      timers.set(++next, { at: now + Math.max(0, ms), run });
      return next;
    },
    clearTimeout(timer) {
      timers.delete(timer as number);
    },
    afterPaint: () => Promise.resolve(),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: [number, { at: number; run: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = end;
    },
  };
}

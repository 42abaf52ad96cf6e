/**
 * Resolves once the page has painted what is on screen now: work after it cannot delay that frame.
 * A task queued from an animation frame runs after that frame is painted. Hidden pages run no
 * animation frames, and paint nothing to wait for.
 */
export const afterPaint = (): Promise<void> =>
  new Promise((resolve) => {
    if (document.visibilityState === 'hidden') setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });

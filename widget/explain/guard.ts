/** Wraps an event listener so that nothing it throws reaches the page: the widget never throws into its host. */
export function guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (error) {
      console.error('selfserve: explaining a term failed:', error);
    }
  };
}

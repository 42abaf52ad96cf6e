/**
 * The widget's one voice for screen readers: live regions created once, at mount, outside the
 * rendered views so they exist before anything is said (Pagefind's announcer). Polite messages
 * alternate between two regions, so the same message twice is read twice.
 */
export interface Announcer {
  /** Says `message`; `assertive` interrupts (no results, errors). */
  announce(message: string, assertive?: boolean): void;
  /** The last message, for tests. */
  readonly last: string;
}

export function createAnnouncer(parent: HTMLElement): Announcer {
  const region = (live: 'polite' | 'assertive') => {
    const element = document.createElement('div');
    element.className = 'ss-visually-hidden';
    element.setAttribute('aria-live', live);
    element.setAttribute('aria-atomic', 'true');
    if (live === 'polite') element.setAttribute('role', 'status');
    parent.append(element);
    return element;
  };
  const polite = [region('polite'), region('polite')];
  const assertive = region('assertive');
  let turn = 0;
  let last = '';
  return {
    announce(message, loud = false) {
      last = message;
      for (const element of [...polite, assertive]) element.textContent = '';
      if (loud) {
        assertive.textContent = message;
      } else {
        turn = 1 - turn;
        polite[turn].textContent = message;
      }
    },
    get last() {
      return last;
    },
  };
}

// Realistic widget analytics, generated deterministically from a seed: for the report's tests
// (with planted reformulation chains, traps that must not become suggestions, and forged lines)
// and for its bench (a million events).

/** A path visitors take: a wording that fails, then one that finds `slug`. */
export interface PlantedChain {
  /** Failed wordings and how many tabs typed each (near-identical spellings of one wording). */
  failed: Record<string, number>;
  /** `none`: the failed wording found nothing; `unopened`: it found results nobody opened. */
  failure: 'none' | 'unopened';
  found: string;
  slug: string;
  /** Seconds between the failed search and the one that worked. Default: 20. */
  gap?: number;
  /** What the visitor said of the article. */
  feedback?: 'helpful' | 'unhelpful';
  /** The success happens in another tab: no reformulation can be seen. */
  otherTab?: boolean;
}

export interface TrafficOptions {
  seed: number;
  /** Ordinary visits around the planted chains. */
  noiseTabs: number;
  chains?: PlantedChain[];
  /** Codes typed by `n` tabs each, finding nothing. */
  codes?: Record<string, number>;
  /** A forged or broken line after every `forgedEvery` lines; none when undefined. */
  forgedEvery?: number;
  /** ISO start time. Default: 2026-11-02T08:00:00Z. */
  start?: string;
}

/** Articles and the wordings that find them at once. */
const DIRECT: [string, string][] = [
  ['reset password', 'account/reset-password'],
  ['pay my bill', 'billing/pay-your-bill'],
  ['autopay', 'billing/autopay'],
  ['roaming rates', 'roaming/roaming-rates'],
  ['travel pass', 'roaming/travel-pass'],
  ['activate esim', 'devices/activate-esim'],
  ['no signal', 'troubleshooting/no-signal'],
  ['refund', 'billing/refunds'],
  ['add a line', 'account/add-a-line'],
  ['data add on', 'plans/data-add-ons'],
];
const BROWSED = ['plans', 'international', 'upgrade phone', 'store hours', 'coverage map'];
const GIBBERISH = ['asdf', 'hello', 'help', 'x', 'qwerty uiop'];
const REASONS = ["It didn't answer my question", 'It was hard to understand', 'It was out of date'];

/** Forged and broken lines, as anyone can post them to a public collector. */
export const FORGED_LINES = [
  '{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"f","query":123}',
  '{"type":"search","time":5,"tab":"f","query":"x"}',
  '{"type":"feedback","time":"2026-11-02T09:00:00.000Z","tab":"f","slug":42,"helpful":false}',
  '{"type":"search","time":["<img src=x onerror=alert(1)>"],"tab":"f","query":"x"}',
  '{"type":"search","time":"<img src=x onerror=alert(2)>","tab":"f","query":"x"}',
  '{"type":"no-results","time":"2026-11-02T09:00:00.000Z","tab":"f","query":"<script>alert(3)</script>"}',
  '{"type":"article","time":"2026-11-02T09:00:00.000Z","tab":"f","slug":"\\"><img src=x onerror=alert(4)>","query":"</title><script>alert(5)</script>"}',
  '{"type":"__proto__","time":"2026-11-02T09:00:00.000Z","tab":"f"}',
  'not json at all',
  '{"type":"search"',
  '[1,2,3]',
  'null',
  `{"type":"search","time":"2026-11-02T09:00:00.000Z","tab":"f","query":"${'A'.repeat(5000)}"}`,
];

/** mulberry32: a small seeded generator, so every run writes the same traffic. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Event = Record<string, unknown>;

/** The lines of one day of traffic (several, for many tabs), each a JSON event or a forged line. */
export function* traffic(options: TrafficOptions): Generator<string> {
  const rand = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  let clock = Date.parse(options.start ?? '2026-11-02T08:00:00Z');
  let tabs = 0;
  let lines = 0;

  /** One tab's events, `at` seconds after its start. */
  function session(build: (tab: Tab) => void): Event[] {
    clock += Math.floor(rand() * 20_000);
    const tab = new Tab(`t${(tabs++).toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`, clock, pick(['/', '/account/bill', '/account', '/help-center']));
    build(tab);
    return tab.events;
  }

  const sessions: (() => Event[])[] = [];
  for (const chain of options.chains ?? []) {
    for (const [wording, count] of Object.entries(chain.failed)) {
      for (let i = 0; i < count; i++) {
        sessions.push(() => {
          const events = session((tab) => {
            tab.search(wording, chain.failure === 'none' ? 0 : 3);
            if (chain.otherTab) return;
            tab.wait(chain.gap ?? 20 + Math.floor(rand() * 40));
            tab.search(chain.found, 2);
            tab.open(chain.slug, chain.found);
            if (chain.feedback) tab.feedback(chain.slug, chain.feedback === 'helpful', chain.found, pick(REASONS));
          });
          if (!chain.otherTab) return events;
          return [...events, ...session((tab) => (tab.search(chain.found, 2), tab.open(chain.slug, chain.found)))];
        });
      }
    }
  }
  for (const [code, count] of Object.entries(options.codes ?? {})) {
    for (let i = 0; i < count; i++) sessions.push(() => session((tab) => tab.search(code, 0)));
  }
  for (let i = 0; i < options.noiseTabs; i++) {
    sessions.push(() =>
      session((tab) => {
        const kind = rand();
        if (kind < 0.45) {
          // Found at once, sometimes a second question too.
          for (let n = rand() < 0.3 ? 2 : 1; n > 0; n--) {
            const [query, slug] = pick(DIRECT);
            tab.search(query, 1 + Math.floor(rand() * 6));
            tab.open(slug, query);
            if (rand() < 0.3) tab.feedback(slug, rand() < 0.8, query, pick(REASONS));
            tab.wait(30);
          }
        } else if (kind < 0.65) {
          tab.search(pick(BROWSED), 4);
        } else if (kind < 0.75) {
          tab.search(pick(GIBBERISH), 0);
        } else if (kind < 0.85) {
          // Typing paused mid-word: "pas" is no alias of the password article.
          const [query, slug] = pick(DIRECT);
          tab.search(query.slice(0, 3), 2);
          tab.wait(2);
          tab.search(query, 3);
          tab.open(slug, query);
        } else if (kind < 0.95) {
          tab.open(pick(DIRECT)[1]);
        } else {
          const [query] = pick(DIRECT);
          tab.search(query, 2);
          tab.contact(query);
        }
      }),
    );
  }
  // Visits in a shuffled (but seeded) order, as they arrive at a collector.
  for (let i = sessions.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [sessions[i], sessions[j]] = [sessions[j], sessions[i]];
  }
  for (const make of sessions) {
    for (const event of make()) {
      yield JSON.stringify(event);
      if (options.forgedEvery && ++lines % options.forgedEvery === 0) yield FORGED_LINES[Math.floor(lines / options.forgedEvery) % FORGED_LINES.length];
    }
  }
}

class Tab {
  readonly events: Event[] = [];
  constructor(
    private readonly id: string,
    private at: number,
    private readonly page: string,
  ) {}

  private push(type: string, fields: Event) {
    this.at += 1500;
    this.events.push({ type, time: new Date(this.at).toISOString(), tab: this.id, page: this.page, locale: 'en', ...fields });
  }

  wait(seconds: number) {
    this.at += seconds * 1000;
  }

  search(query: string, count: number) {
    this.push('search', { query });
    this.push(count ? 'results' : 'no-results', count ? { query, count } : { query });
  }

  open(slug: string, query?: string) {
    this.push('article', query === undefined ? { slug } : { slug, query });
  }

  feedback(slug: string, helpful: boolean, query: string, reason: string) {
    this.push('feedback', helpful ? { slug, helpful, query } : { slug, helpful, reason, query });
  }

  contact(query: string) {
    this.push('contact', { stage: 'sent', query });
  }
}

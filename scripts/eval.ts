// `npm run eval`: answer quality on real help questions. Runs doc2dial's dev queries
// (../shared/eval/doc2dial/queries.dev.jsonl) through Selfserve and its peers in five forms — the
// questions as asked, cut to their first 3 content words (what people type into a search box), the
// same with a typo in one word, inside a long message (a greeting, some story and a sign-off around
// them, as people write to support), and with a story of 100 to 200 words told before or after
// them — and prints MRR@10 and success@1/5/10 for each. Then it ranks again with each of
// Selfserve's ranking rules switched off in turn, so every rule shows what it earns.
// Tune only on these dev queries; never on their words.
//   --no-pagefind   skip Pagefind (it needs a Chromium)
//   --selfserve     Selfserve and its ablations only (fast, for tuning)
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eng } from 'stopword';
import { openIndex, RULE_NAMES, type RankRules } from '../src/node/index.ts';
import { loadCorpus } from './bench/corpus.ts';
import { buildPagefind, launchChromium, searchPagefind } from './bench/pagefind.ts';
import { flexSearchDefaults, lunrEngine, miniSearch, orama, type Engine } from './bench/peers.ts';
import { build } from './commands/build.ts';

const root = path.resolve(import.meta.dirname, '..');
const doc2dial = path.resolve(process.env.DOC2DIAL ?? path.join(root, '../shared/eval/doc2dial'));
const args = new Set(process.argv.slice(2));
const onlySelfserve = args.has('--selfserve');
const withPagefind = !onlySelfserve && !args.has('--no-pagefind');

interface Query {
  id: string;
  query: string;
  relevant: string[];
}

interface Scores {
  mrr: number;
  s1: number;
  s5: number;
  s10: number;
}

function score(queries: Query[], answers: string[][]): Scores {
  let mrr = 0;
  let s1 = 0;
  let s5 = 0;
  let s10 = 0;
  queries.forEach((q, i) => {
    const rank = answers[i].slice(0, 10).findIndex((id) => q.relevant.includes(id));
    if (rank < 0) return;
    mrr += 1 / (rank + 1);
    if (rank < 1) s1++;
    if (rank < 5) s5++;
    s10++;
  });
  const n = queries.length;
  return { mrr: mrr / n, s1: s1 / n, s5: s5 / n, s10: s10 / n };
}

// The words nobody types into a search box: the usual English stop words, and the greetings and
// politeness of a message. Kept apart from Selfserve's own lists, so the short form does not
// flatter Selfserve.
const NOT_TYPED = new Set([
  ...eng,
  ...['hi', 'hello', 'hey', 'thanks', 'thank', 'please', 'im', 'ive', 'id', 'dont', 'cant', 'need', 'want', 'wanted', 'wondering', 'know', 'tell', 'help', 'like', 'would', 'could'],
]);

/** The first 3 content words of a question: what its asker would type into a search box. */
export const shortForm = (question: string) =>
  (question.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .map((word) => word.replace(/['’]/g, ''))
    .filter((word, i, words) => !NOT_TYPED.has(word) && words.indexOf(word) === i)
    .slice(0, 3)
    .join(' ');

// The long form: each question inside one of these messages, in turn. They are written for this eval,
// in no help center's words, and tell the kind of story a message to support carries: who is asking,
// what was tried, how urgent it is. A stand-in for real long messages, which doc2dial does not have.
const MESSAGES = [
  (q: string) => `Hello, I hope you are well. I have been trying to sort this out for a while and the website did not help me at all. ${q} I would really appreciate a quick answer, this is urgent for my family. Thank you, Maria`,
  (q: string) => `Hi team, ${q} I already called twice last week and waited on hold for over an hour each time, and nobody could give me a clear answer. Please let me know what I should do next. Best regards, David`,
  (q: string) => `Good evening. My name is Sam and I am writing on behalf of my elderly mother who does not use computers. ${q} She has received several letters and is very confused and worried. Any help would be great.`,
];

/** A question inside a long message to support: the `i`th question gets message `i` mod 3. */
export const longForm = (question: string, i: number) => MESSAGES[i % MESSAGES.length](question);

// The story form: each question after, inside or before a story of 100 to 200 words, as people
// who write to support tell what happened before they ask (or after). Written for this eval too.
const STORIES = [
  `I hope this message finds you well. I am writing because I have been going back and forth for weeks now and I am honestly at the end of my rope. First I tried calling the number on the letter, but the line was busy every single time, morning and afternoon. Then my neighbor told me to try the website, so I created an account, but the page kept timing out when I tried to upload my papers. My son came over on Sunday and we spent two hours going through every menu together without finding anything that matched what happened to us.`,
  `Long story short, last year we moved across the country for my wife's new job, the kids changed schools, and in all the chaos a lot of paperwork got lost or sent to the old address. We only found out about some of it when a friend mentioned it at dinner. I have a stack of envelopes on the kitchen table that I still have not opened because, frankly, they scare me. I work two jobs and I simply do not have the time to sit on hold during business hours.`,
];
const STORY_MESSAGES = [
  (q: string) => `${STORIES[0]} ${q} Thank you for reading all of this, Carol`,
  (q: string) => `Hello. ${STORIES[1]} ${STORIES[0]} ${q}`,
  (q: string) => `${q} ${STORIES[1]} Any advice is welcome. Regards, Ben`,
];

/** A question with a story told around it: the `i`th question gets story message `i` mod 3. */
export const storyForm = (question: string, i: number) => STORY_MESSAGES[i % STORY_MESSAGES.length](question);

// The typo form: the short query with one slip in its longest word, as people make them typing
// into a box, on a phone above all: two letters swapped, a letter left out, a letter doubled, or the
// key beside it hit. Made the same way for every question, in turn, in no help center's words.
const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const besideKey = (c: string) => {
  for (const row of KEY_ROWS) {
    const at = row.indexOf(c);
    if (at >= 0) return row[at + 1] ?? row[at - 1];
  }
  return c;
};
const SLIPS = [
  (word: string, i: number) => word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2),
  (word: string, i: number) => word.slice(0, i) + word.slice(i + 1),
  (word: string, i: number) => word.slice(0, i + 1) + word.slice(i),
  (word: string, i: number) => word.slice(0, i) + besideKey(word[i]) + word.slice(i + 1),
];

/** The short form with a slip in its longest word (of 4 letters or more): the `i`th question gets slip `i` mod 4. */
export function typoForm(question: string, i: number): string {
  const words = shortForm(question).split(' ');
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length < 4) return words.join(' ');
  const slipped = SLIPS[i % SLIPS.length](longest, Math.floor(longest.length / 2));
  return words.map((word) => (word === longest ? slipped : word)).join(' ');
}

async function selfserve(articles: string, work: string) {
  const out = path.join(work, 'selfserve');
  // doc2dial's pages warn (no descriptions, empty sections); only what stopped the build is shown.
  const errors: string[] = [];
  const error = (message: string) => void (/\bwarning:/.test(message) || errors.push(message));
  if ((await build({ contentDir: articles, out, log: () => {}, error })) !== 0) throw new Error(`doc2dial did not build:\n${errors.join('\n')}`);
  const index = await openIndex(out);
  return (rules?: Partial<RankRules>, name = 'Selfserve'): Engine => ({
    name,
    build() {},
    search: async (query, limit) => (await index.search(query, { limit, rules, excerpts: false })).results.map((r) => r.slug),
  });
}

if (!existsSync(path.join(doc2dial, 'queries.dev.jsonl'))) {
  console.error(`selfserve eval: no doc2dial data at ${doc2dial} (set DOC2DIAL to its folder)`);
  process.exit(1);
}
const asked = (await readFile(path.join(doc2dial, 'queries.dev.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Query);
const forms = {
  asked,
  short: asked.map((q) => ({ ...q, query: shortForm(q.query) })),
  typo: asked.map((q, i) => ({ ...q, query: typoForm(q.query, i) })),
  long: asked.map((q, i) => ({ ...q, query: longForm(q.query, i) })),
  story: asked.map((q, i) => ({ ...q, query: storyForm(q.query, i) })),
};
const articles = path.join(doc2dial, 'articles');
const docs = await loadCorpus(articles);
const work = await mkdtemp(path.join(tmpdir(), 'selfserve-eval-'));
type ByForm = Record<keyof typeof forms, Scores>;
const results: ({ engine: string } & ByForm)[] = [];
const ablations: ({ rule: string } & ByForm)[] = [];

async function run(engine: Engine) {
  const scores = {} as Record<keyof typeof forms, Scores>;
  for (const [form, queries] of Object.entries(forms) as [keyof typeof forms, Query[]][]) {
    const answers: string[][] = [];
    for (const q of queries) answers.push(await engine.search(q.query, 10));
    scores[form] = score(queries, answers);
  }
  return scores;
}

try {
  const ours = await selfserve(articles, work);
  const peers = onlySelfserve ? [] : [miniSearch(), lunrEngine(), orama(), flexSearchDefaults()];
  for (const engine of [ours(), ...peers]) {
    await engine.build(docs);
    results.push({ engine: engine.name, ...(await run(engine)) });
  }
  for (const rule of RULE_NAMES) ablations.push({ rule, ...(await run(ours({ [rule]: false }))) });
  if (withPagefind) {
    await buildPagefind(docs, work);
    const browser = await launchChromium();
    try {
      const scores = {} as Record<keyof typeof forms, Scores>;
      for (const [form, queries] of Object.entries(forms) as [keyof typeof forms, Query[]][]) {
        scores[form] = score(queries, await searchPagefind(work, queries.map((q) => q.query), 10, browser));
      }
      results.push({ engine: 'Pagefind', ...scores });
    } finally {
      await browser.close();
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const f = (x: number) => x.toFixed(3);
const row = (name: string, s: Scores) => `${name.padEnd(24)}${f(s.mrr).padStart(7)}${f(s.s1).padStart(7)}${f(s.s5).padStart(7)}${f(s.s10).padStart(7)}`;
const header = `${''.padEnd(24)}${'MRR@10'.padStart(7)}${'S@1'.padStart(7)}${'S@5'.padStart(7)}${'S@10'.padStart(7)}`;
console.log(`\ndoc2dial dev queries: ${asked.length} questions over ${docs.length} articles`);
console.log(`short form: the first 3 content words, e.g. "${forms.short[0].query}" for "${asked[0].query}"`);
console.log(`typo form: e.g. ${[0, 1, 2, 3].map((i) => `"${forms.typo[i].query}" for "${forms.short[i].query}"`).join(', ')}`);
const titles = {
  asked: 'Questions as asked',
  short: 'Short queries (first 3 content words)',
  typo: 'Short queries with a typo (in the longest word: two letters swapped, one left out, one doubled, or the key beside it)',
  long: 'Long messages (each question inside a message with a greeting, a story and a sign-off)',
  story: 'Stories (each question after, inside or before a story of 100 to 200 words)',
};
const formNames = Object.keys(titles) as (keyof typeof titles)[];
for (const form of formNames) {
  console.log(`\n${titles[form]}\n${header}`);
  for (const r of results) console.log(row(r.engine, r[form]));
  const [ours, ...others] = results;
  const best = others.sort((a, b) => b[form].mrr - a[form].mrr)[0];
  if (best) console.log(`Selfserve MRR@10 is ${(ours[form].mrr / best[form].mrr).toFixed(2)}× the best peer's (${best.engine}).`);
}
console.log(`\nEach rule switched off (MRR@10; the change from all rules on in brackets)\n${'rule off'.padEnd(24)}${formNames.map((form) => form.padStart(16)).join('')}`);
const all = results[0];
const delta = (x: number, base: number) => `${f(x)} (${x - base >= 0 ? '+' : ''}${f(x - base)})`;
for (const a of ablations) console.log(`${a.rule.padEnd(24)}${formNames.map((form) => delta(a[form].mrr, all[form].mrr).padStart(16)).join('')}`);

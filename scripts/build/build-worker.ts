// The worker thread of the build (see render-pool.ts): prepares content files (prepare-article.ts),
// renders the articles whose links point at other files once those are resolved (render-linked.ts),
// sanitizes rendered HTML and tokenizes the text of index records: the steps that need nothing but
// their input.
import { parentPort } from 'node:worker_threads';
import { recordFields } from '../../src/engine.ts';
import { sanitizeBodies } from '../content/sanitize-many.ts';
import { registerAllLanguages } from './all-languages.ts';
import { prepareArticles } from './prepare-article.ts';
import { renderLinked } from './render-linked.ts';
import { newTimings } from './timings.ts';
import type { WorkerReply, WorkerTask } from './render-pool.ts';

registerAllLanguages();

parentPort!.on('message', (task: WorkerTask) => {
  const started = performance.now();
  let reply: WorkerReply;
  try {
    if (task.kind === 'prepare' || task.kind === 'render') {
      const timings = newTimings();
      const result = task.kind === 'prepare' ? prepareArticles(task.files, timings) : renderLinked(task.articles, timings);
      reply = { id: task.id, result, ms: 0, stages: timings.stages };
    } else {
      reply =
        task.kind === 'sanitize'
          ? { id: task.id, result: sanitizeBodies(task.bodies), ms: 0 }
          : { id: task.id, result: task.articles.map(({ locale, records }) => records.map((text) => recordFields(text, locale))), ms: 0 };
    }
  } catch (error) {
    reply = { id: task.id, error: (error as Error)?.stack ?? String(error), ms: 0 };
  }
  reply.ms = performance.now() - started;
  parentPort!.postMessage(reply);
});

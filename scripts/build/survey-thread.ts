import type { ContentSurvey } from '../content/survey.ts';
import { startWorker, workerEntry } from './render-pool.ts';

/**
 * Surveys a content folder on a thread of its own (see `surveyContent`), started before the build
 * loads its modules and its cache: a rebuild of 10,000 articles spent about 80 ms of its one busy
 * thread listing and stat-ing them while the other core sat idle. Undefined if the thread fails:
 * the build then surveys the folder itself, and reports what it meets.
 */
export function surveyOnThread(root: string, exclude: string[]): Promise<ContentSurvey | undefined> {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = startWorker(workerEntry('survey-worker'), { workerData: { root, exclude } });
    } catch {
      return resolve(undefined);
    }
    // A build that stops before it needs the survey (a bad output folder) does not wait for it.
    worker.unref();
    worker.once('message', (survey: ContentSurvey) => resolve(survey));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

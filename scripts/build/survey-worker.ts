// The thread that surveys the content folder (see survey-thread.ts): it lists the articles and
// stats each while the build's own thread loads its modules and its cache.
import { parentPort, workerData } from 'node:worker_threads';
import { surveyContent } from '../content/survey.ts';

const { root, exclude } = workerData as { root: string; exclude: string[] };
const survey = surveyContent(root, exclude, { stat: true });
parentPort!.postMessage(survey, [survey.stats.buffer]);

import path from 'node:path';
import { openIndex, type HelpIndex } from '../../../src/node/index.ts';
import { buildIndexFolder } from '../../helpers/build.ts';
import { article, runFolder, writeFiles } from '../../helpers/content.ts';

let folder: Promise<string> | undefined;

/** A small help center, built for real (once), opened afresh: nothing of it is loaded yet. */
export async function fixtureIndex(): Promise<HelpIndex> {
  folder ??= buildFixture();
  return openIndex(await folder);
}

/**
 * Built once for all the test files of a worker (unit test files share their modules), so its
 * folder is not a `tempFolder`, which goes after the file that made it: the next file would open
 * a folder removed. It goes when the run ends.
 */
async function buildFixture(): Promise<string> {
  const root = await runFolder('selfserve-fixture-');
  const content = path.join(root, 'content');
  await writeFiles(content, {
    'billing/bill-codes.md': article(
      'title: Understand the codes on your bill\ndescription: What each code means.\norder: 1\npages: ["/account/bill"]\nterms:\n  GPRR: Data used on a partner network while roaming.',
      'Every charge has a code.\n\n## Charge codes\n\nGPRR is a data transfer charge. See [refunds](refunds.md).\n\n## Rate codes\n\nMBRA is the Zone 1 rate.\n',
    ),
    'billing/refunds.md': article('title: Refunds and account credits\ndescription: When we refund a charge.\norder: 2', 'We refund overcharges within 5 days.\n\n## Credit or refund?\n\nA credit lowers your next bill.\n'),
    'account/reset-password.md': article('title: Reset your password\ndescription: Get back into your account.', 'Use **Forgot password** on the sign-in page.\n'),
  });
  return buildIndexFolder(content, path.join(root, 'help'));
}

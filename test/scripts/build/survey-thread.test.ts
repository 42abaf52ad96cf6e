import { statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { surveyOnThread } from '../../../scripts/build/survey-thread.ts';
import { statAt, surveyContent } from '../../../scripts/content/survey.ts';
import { article, tempFolder } from '../../helpers/content.ts';

describe('surveying the content folder on a thread of its own', () => {
  it('gives what the build would find and stat itself: the articles, their stats and the problems met', async () => {
    const outside = await tempFolder({ 'secret.md': article('title: Secret') });
    const dir = await tempFolder({ 'billing/a.md': article('title: A'), 'b.mdx': article('title: B'), 'out/old.md': article('title: Old') });
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'leak.md'));
    const exclude = [path.join(dir, 'out')];

    const survey = await surveyOnThread(dir, exclude);
    expect(survey).toEqual({ ...surveyContent(dir, exclude, { stat: true }), checkedAt: expect.any(Number) });
    expect(survey!.sources.map((src) => src.relPath)).toEqual(['b.mdx', 'billing/a.md']);
    expect(survey!.problems).toEqual([expect.objectContaining({ file: path.join(dir, 'leak.md'), severity: 'warning' })]);
    // Each stat as the cache writes it down (see `statSignature`), to the last digit.
    survey!.sources.forEach(({ file }, i) => {
      const { size, mtimeMs, ctimeMs, ino } = statSync(file);
      expect(statAt(survey!, i)).toEqual({ size, mtimeMs, ctimeMs, ino });
    });
  });

  it('gives nothing when the thread fails, and the build surveys the folder itself', async () => {
    expect(await surveyOnThread(path.join(await tempFolder(), 'gone'), [])).toBeUndefined();
  });

  it('takes no stats where no build cache needs them', async () => {
    const dir = await tempFolder({ 'a.md': article('title: A') });
    const survey = surveyContent(dir, [], { stat: false });
    expect(survey.sources).toHaveLength(1);
    expect(statAt(survey, 0)).toBeUndefined();
  });
});

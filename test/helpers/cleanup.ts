// A setup file: it runs before each test file, so the temporary folders of each are removed after it.
import { afterAll } from 'vitest';
import { removeTempFolders } from './content.ts';

afterAll(removeTempFolders);

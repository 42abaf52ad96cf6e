#!/usr/bin/env node
// The CLI is written in TypeScript; tsx runs it without a compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`selfserve: unexpected error: ${error?.stack ?? error}`);
  process.exitCode = 70;
}

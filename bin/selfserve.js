#!/usr/bin/env node
// The compiled CLI (dist/cli.js, built by `npm run build`; each command loads only when it runs).
// From Node 22.1, the compiled code of its modules is kept between runs (tsc does the same):
// compiling them again took 30-40 ms of each one-second rebuild. Older Nodes have no such cache.
(await import('node:module')).enableCompileCache?.();
let main;
try {
  ({ main } = await import('../dist/cli.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  console.error('selfserve: the CLI is not built: run `npm run build` in the selfserve folder');
  process.exit(70);
}
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`selfserve: unexpected error: ${error?.stack ?? error}`);
  process.exitCode = 70;
}

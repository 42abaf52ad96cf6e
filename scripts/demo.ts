// `npm start`: builds the package (widget and CLI) and the sample help center, then serves the demo site of the
// fictional carrier under a strict Content-Security-Policy.
import path from 'node:path';
import { build } from './commands/build.ts';
import { buildPackage } from './build-package.ts';
import { createInbox } from './inbox.ts';
import { STRICT_CSP, startStaticServer } from './static-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const demo = path.join(root, 'widget/demo');

export const DEMO_PAGES = {
  '/': path.join(demo, 'index.html'),
  '/account': path.join(demo, 'account.html'),
  '/account/bill': path.join(demo, 'bill.html'),
  '/help-center': path.join(demo, 'help-center.html'),
  '/es': path.join(demo, 'es.html'),
  '/ja': path.join(demo, 'ja.html'),
  '/ar': path.join(demo, 'ar.html'),
};

/** The demo's folders by URL: the index at /help/, the widget's files at the root. */
export function demoMounts(help: string, widget: string) {
  return { '/help/': help, '/': widget, '/demo': demo };
}

/**
 * Serves the demo site from a built `dist` (the widget in `dist/widget`, the index in `dist/help`),
 * with its inbox in `inboxDir`, which must be outside both.
 */
export async function serveDemo({ dist, inboxDir, port }: { dist: string; inboxDir: string; port?: number }) {
  const inbox = await createInbox(inboxDir);
  const server = await startStaticServer({
    intercept: inbox.handle,
    mounts: { ...demoMounts(path.join(dist, 'help'), path.join(dist, 'widget')), '/demo.css': path.join(demo, 'demo.css'), '/demo-bill.js': path.join(demo, 'demo-bill.js') },
    pages: DEMO_PAGES,
    csp: STRICT_CSP,
    port,
  });
  return { ...server, inbox };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.join(root, 'dist');
  // The whole package, so that `npx selfserve …` works here too.
  await buildPackage();
  const code = await build({ contentDir: path.join(root, 'content'), out: path.join(dist, 'help'), tag: false });
  if (code !== 0) process.exit(code);
  // Beside the served folders, never in one: the demo server must not hand out its own inbox.
  const { url, inbox } = await serveDemo({ dist, inboxDir: path.join(dist, 'inbox'), port: Number(process.env.PORT ?? 4173) });
  console.log(`\nSelfserve demo: ${url}/  (bill page: ${url}/account/bill · inline: ${url}/help-center)`);
  console.log(`Contact messages go to ${path.relative(process.cwd(), inbox.contactFile)}, analytics to ${path.relative(process.cwd(), inbox.eventsGlob)}`);
  console.log(`(\`npx selfserve report "${path.relative(process.cwd(), inbox.eventsGlob)}"\` shows what writers should fix.)\nPress Ctrl+C to stop.`);
}

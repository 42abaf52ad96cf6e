// `npm start`: builds the sample help center and the widget, then serves the demo site of the
// fictional carrier under a strict Content-Security-Policy.
import path from 'node:path';
import { build } from './commands/build.ts';
import { buildWidget } from './build-widget.ts';
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

export function demoMounts(dist: string) {
  return { '/help/': path.join(dist, 'help'), '/': dist, '/demo': demo };
}

/** Serves the demo site from a built `dist` (widget and `dist/help`), with its inbox in `inboxDir`. */
export async function serveDemo({ dist, inboxDir, port }: { dist: string; inboxDir: string; port?: number }) {
  const inbox = await createInbox(inboxDir);
  const server = await startStaticServer({
    intercept: inbox.handle,
    mounts: { ...demoMounts(dist), '/demo.css': path.join(demo, 'demo.css'), '/demo-bill.js': path.join(demo, 'demo-bill.js') },
    pages: DEMO_PAGES,
    csp: STRICT_CSP,
    port,
  });
  return { ...server, inbox };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.join(root, 'dist');
  const code = await build({ contentDir: path.join(root, 'content'), out: path.join(dist, 'help') });
  if (code !== 0) process.exit(code);
  await buildWidget();
  // Outside every served folder: the demo server must never hand out its own inbox.
  const { url, inbox } = await serveDemo({ dist, inboxDir: path.join(root, '.demo-inbox'), port: Number(process.env.PORT ?? 4173) });
  console.log(`\nSelfserve demo: ${url}/  (bill page: ${url}/account/bill · inline: ${url}/help-center)`);
  console.log(`Contact messages go to ${path.relative(process.cwd(), inbox.contactFile)}, analytics to ${path.relative(process.cwd(), inbox.eventsGlob)}`);
  console.log(`(\`npx selfserve report "${path.relative(process.cwd(), inbox.eventsGlob)}"\` shows what writers should fix.)\nPress Ctrl+C to stop.`);
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pageHeaders, sendJson } from './httpUtil';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** The pages of the app, by path. Everything else it serves lives under /assets (hashed names, cached for good). */
const pages: Readonly<Record<string, string>> = { '/': 'index.html', '/desk': 'desk.html', '/chat': 'chat.html', '/admin': 'admin.html', '/inspector': 'inspector/index.html' };

/**
 * Serves the Vite build from `webRoot`: the four pages and their assets, nothing else. A path is resolved and
 * must stay inside the build folder, so `..` tricks end in a 404.
 */
export async function serveStatic(webRoot: string, pathname: string, res: ServerResponse): Promise<void> {
  const root = resolve(webRoot);
  const page = pages[pathname];
  const file = page !== undefined ? join(root, page) : pathname.startsWith('/assets/') ? resolve(root, `.${pathname}`) : undefined;
  if (file === undefined || !file.startsWith(root + sep)) return sendJson(res, 404, { error: 'not found' });
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    if (page !== undefined) {
      // The app was not built: say how, rather than a bare 404.
      return sendJson(res, 503, { error: 'the web app is not built; run `npm start` (or `npm run build -w examples/host-server`)' });
    }
    return sendJson(res, 404, { error: 'not found' });
  }
  res.writeHead(200, {
    ...pageHeaders,
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': page !== undefined ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

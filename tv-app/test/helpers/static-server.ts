import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FakeCity, REGISTRATION_OF } from './fake-services';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * Serves dist/ as the box would, with a settings.json pointing at the fake bridge, and the fake city's services
 * (under /svc/<key>/…) and auth-server registrations (under /auth/…) on the same origin.
 */
export async function startStaticServer(distDir: string, bridgeUrl: string) {
  const city = new FakeCity();
  const base = () => `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const settings = () => ({
    bridgeUrl,
    authServerUrl: `${base()}/auth`,
    boxModel: 'generic',
    services: Object.fromEntries(
      Object.entries(REGISTRATION_OF).map(([key, r]) => [
        key,
        { serviceId: r.id, url: `${base()}/svc/${key}` },
      ]),
    ),
    testHooks: true,
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = city.handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      });
      if (answer) {
        res.writeHead(answer.status, { 'content-type': TYPES['.json'] }).end(JSON.stringify(answer.body));
        return;
      }
      if (url.pathname === '/settings.json') {
        res.writeHead(200, { 'content-type': TYPES['.json'] }).end(JSON.stringify(settings()));
        return;
      }
      const file = path.join(distDir, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
      readFile(file)
        .then((data) =>
          res
            .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
            .end(data),
        )
        .catch(() => res.writeHead(404).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${base()}/`,
    city,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

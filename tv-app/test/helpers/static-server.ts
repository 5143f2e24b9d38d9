import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export interface ServiceRecord {
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * Serves dist/ as the box would, with a settings.json pointing at the fake bridge, and stands in for the city's
 * services under /svc/<service>/tv/… (recording each call), until the real services are wired in.
 */
export async function startStaticServer(distDir: string, bridgeUrl: string) {
  const calls: ServiceRecord[] = [];
  const base = () => `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const stubs: Record<string, unknown> = {
    'GET /svc/disaster/tv/shelters': { shelters: [{ id: 'school-1', name: '第一小学校' }] },
    'POST /svc/disaster/tv/safety-reports': { ok: true },
    'POST /svc/hospital/tv/check-ins': { queueNumber: 12 },
    'GET /svc/transport/tv/bus-pass': { validUntil: '2027/03/31' },
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const stub = stubs[`${req.method} ${url.pathname}`];
      if (stub !== undefined) {
        const text = Buffer.concat(chunks).toString('utf8');
        calls.push({
          path: url.pathname,
          authorization: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stub));
        return;
      }
      if (url.pathname === '/settings.json') {
        const services = Object.fromEntries(
          ['disaster', 'city', 'hospital', 'transport'].map((k) => [
            k,
            { serviceId: k, url: `${base()}/svc/${k}` },
          ]),
        );
        res.writeHead(200, { 'content-type': TYPES['.json'] });
        res.end(JSON.stringify({ bridgeUrl, boxModel: 'generic', services, testHooks: true }));
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
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

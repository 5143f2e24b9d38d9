import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REGISTRATIONS, type ServiceName } from '@madoguchi/services';
import { urlOf } from './config-writer';
import type { StackPorts } from './ports';

/** The tv-app's settings keys for the four services (tv-app/README.md), and which sample service each one is. */
const TV_SERVICES: Record<'disaster' | 'city' | 'hospital' | 'transport', ServiceName> = {
  disaster: 'disaster',
  city: 'city-hall',
  hospital: 'hospital',
  transport: 'transport',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * settings.json for the TV: the bridge's WebSocket, and the services and the auth-server under the TV's own origin
 * (/svc/KEY, /auth). The sample services send no CORS headers, so the page can reach them only same-origin — as
 * behind an operator's gateway; the tv-app's own e2e server lays them out the same way.
 */
export function tvSettings(ports: StackPorts) {
  const origin = urlOf(ports.tv);
  return {
    bridgeUrl: `ws://127.0.0.1:${ports.bridge}`,
    authServerUrl: `${origin}/auth`,
    boxModel: 'generic',
    services: Object.fromEntries(
      Object.entries(TV_SERVICES).map(([key, name]) => [
        key,
        { serviceId: REGISTRATIONS[name].id, url: `${origin}/svc/${key}` },
      ]),
    ),
    testHooks: false,
  };
}

/** Where a proxied path goes: /svc/KEY/rest → that service, /auth/rest → the auth-server; else undefined. */
function upstream(pathname: string, ports: StackPorts): { port: number; path: string } | undefined {
  const svc = /^\/svc\/([a-z]+)(\/.*)$/.exec(pathname);
  if (svc && svc[1]! in TV_SERVICES) {
    return { port: ports[TV_SERVICES[svc[1] as keyof typeof TV_SERVICES]], path: svc[2]! };
  }
  const auth = /^\/auth(\/.*)$/.exec(pathname);
  return auth ? { port: ports.auth, path: auth[1]! } : undefined;
}

function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  to: { port: number; path: string },
  search: string,
) {
  const headers = { ...req.headers, host: `127.0.0.1:${to.port}` };
  const out = request(
    { host: '127.0.0.1', port: to.port, path: to.path + search, method: req.method, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  // As a reverse proxy in front of a service answers: a bare 502. No code — SERVER_UNREACHABLE is the bridge's word for
  // the auth-server, and would tell the viewer that no PIN was used when one just was.
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': TYPES['.json'] });
    res.end(JSON.stringify({ message: `nothing answers on port ${to.port}` }));
  });
  req.pipe(out);
}

export interface TvServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built TV app (dist/) with its settings.json on 127.0.0.1, as the box's browser would load it. */
export async function startTvServer(distDir: string, ports: StackPorts): Promise<TvServer> {
  const settings = JSON.stringify(tvSettings(ports));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = upstream(url.pathname, ports);
    if (to) return proxy(req, res, to, url.search);
    if (url.pathname === '/settings.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' }).end(settings);
      return;
    }
    const file = path.join(distDir, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(distDir + path.sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (data) =>
        res
          .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
          .end(data),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ports.tv, '127.0.0.1', resolve);
  });
  return {
    url: `${urlOf(ports.tv)}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

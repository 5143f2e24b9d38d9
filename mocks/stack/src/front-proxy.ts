import { createServer, request, type IncomingHttpHeaders } from 'node:http';

/** One request to the auth-server and its answer, as it passed the front. */
export interface ServerExchange {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The port of the instance that answered. */
  upstream: number;
  requestHeaders: IncomingHttpHeaders;
  requestBody: Buffer;
  status: number;
  responseBody: Buffer;
}

export interface FrontProxyOptions {
  port: number;
  /** The auth-server instances' ports on 127.0.0.1, taken in turn. */
  upstreams: readonly number[];
  /** Called with every exchange once its answer has ended (a wire tap for tests). */
  onExchange?: (exchange: ServerExchange) => void;
}

export interface FrontProxy {
  readonly url: string;
  close(): Promise<void>;
}

const collect = (stream: NodeJS.ReadableStream) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });

/**
 * One address in front of several auth-server instances, as an operator's load balancer: each request goes to the
 * next instance in turn. An instance that refuses the connection (down) is skipped — nothing reached it, so the
 * request is safe to send to the next; any other failure is answered 502 SERVER_UNREACHABLE, never retried.
 */
export async function startFrontProxy(options: FrontProxyOptions): Promise<FrontProxy> {
  const { upstreams } = options;
  let next = 0;
  const server = createServer((req, res) => {
    void collect(req).then(
      (body) => {
        const forward = (attempt: number) => {
          const upstream = upstreams[next++ % upstreams.length]!;
          const out = request(
            { host: '127.0.0.1', port: upstream, path: req.url, method: req.method, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
              if (!options.onExchange) return;
              void collect(answer).then((responseBody) =>
                options.onExchange!({
                  method: req.method ?? 'GET',
                  path: req.url ?? '/',
                  upstream,
                  requestHeaders: req.headers,
                  requestBody: body,
                  status: answer.statusCode ?? 0,
                  responseBody,
                }),
              );
            },
          );
          out.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'ECONNREFUSED' && attempt + 1 < upstreams.length) return forward(attempt + 1);
            if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({ code: 'SERVER_UNREACHABLE', message: `no auth-server instance answered` }),
            );
          });
          out.end(body);
        };
        forward(0);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

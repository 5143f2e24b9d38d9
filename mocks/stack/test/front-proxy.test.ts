import { createServer, type Server } from 'node:http';
import { startFrontProxy, type FrontProxy, type ServerExchange } from '../src/front-proxy';
import { freeLoopbackPorts } from '../src/ports';

/** Two stand-in instances that answer with their name and echo the body, and the front before them. */
describe('the front address before the auth-server instances', () => {
  let instances: Server[];
  let ports: number[];
  let front: FrontProxy;
  const exchanges: ServerExchange[] = [];

  beforeEach(async () => {
    const [frontPort, ...instancePorts] = await freeLoopbackPorts(3);
    ports = instancePorts;
    instances = await Promise.all(
      ports.map(
        (port, i) =>
          new Promise<Server>((resolve) => {
            const server = createServer((req, res) => {
              const chunks: Buffer[] = [];
              req.on('data', (c: Buffer) => chunks.push(c));
              req.on('end', () => res.writeHead(201).end(`${i}:${Buffer.concat(chunks).toString()}`));
            });
            server.listen(port, '127.0.0.1', () => resolve(server));
          }),
      ),
    );
    exchanges.length = 0;
    front = await startFrontProxy({
      port: frontPort!,
      upstreams: ports,
      onExchange: (e) => exchanges.push(e),
    });
  });
  afterEach(async () => {
    await front.close();
    await Promise.all(instances.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const post = async (body: string) => {
    const res = await fetch(`${front.url}/v1/x?q=1`, { method: 'POST', body });
    return { status: res.status, text: await res.text() };
  };

  it('takes the instances in turn and passes status and bodies through', async () => {
    expect(await post('a')).toEqual({ status: 201, text: '0:a' });
    expect(await post('b')).toEqual({ status: 201, text: '1:b' });
    expect(await post('c')).toEqual({ status: 201, text: '0:c' });
  });

  it('reports every exchange to the tap: path, instance, both bodies', async () => {
    await post('hello');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exchanges).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/x?q=1', upstream: ports[0], status: 201 }),
    ]);
    expect(exchanges[0]!.requestBody.toString()).toBe('hello');
    expect(exchanges[0]!.responseBody.toString()).toBe('0:hello');
  });

  it('skips an instance that is down; with none up it answers 502 SERVER_UNREACHABLE', async () => {
    await new Promise((resolve) => instances[0]!.close(resolve));
    expect(await post('a')).toEqual({ status: 201, text: '1:a' });
    expect(await post('b')).toEqual({ status: 201, text: '1:b' });
    await new Promise((resolve) => instances[1]!.close(resolve));
    const down = await post('c');
    expect(down.status).toBe(502);
    expect(JSON.parse(down.text)).toMatchObject({ code: 'SERVER_UNREACHABLE' });
    instances = [];
  });
});

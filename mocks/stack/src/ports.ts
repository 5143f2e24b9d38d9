import net from 'node:net';
import { DEFAULT_PORTS as SERVICE_PORTS, type ServiceName } from '@madoguchi/services';

/** Every listening port of the stack; all of them on 127.0.0.1. */
export type StackPorts = Record<'tv' | 'auth' | 'bridge' | ServiceName, number>;

/** Fixed, so that bookmarks and the tv-app's own public/settings.json keep working; `--ports` overrides any. */
export const DEFAULT_PORTS: StackPorts = { tv: 8090, auth: 8080, bridge: 8765, ...SERVICE_PORTS };

export const PORT_NAMES = Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[];

/** "tv=9000,auth=9001" → the defaults with those replaced. */
export function parsePorts(list: string | undefined): StackPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const item of list ? list.split(',') : []) {
    const [name, value] = item.split('=');
    const port = Number(value);
    if (
      !PORT_NAMES.includes(name as keyof StackPorts) ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    ) {
      throw new Error(`--ports: "${item}" is not NAME=PORT with NAME one of ${PORT_NAMES.join(', ')}`);
    }
    ports[name as keyof StackPorts] = port;
  }
  return ports;
}

/** `count` distinct free ports on 127.0.0.1 (held all at once while choosing, so none is chosen twice). */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

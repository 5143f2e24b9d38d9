import { createServer } from 'node:net';
import { discoverRelyingParty } from '../../src/transport/relying-party';

describe('discoverRelyingParty', () => {
  it('is SERVER_UNREACHABLE when the auth-server does not answer', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    await expect(
      discoverRelyingParty({
        authServerUrl: `http://127.0.0.1:${port}`,
        serviceId: 'kotsu',
        secret: 's',
        clock: () => new Date(),
      }),
    ).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
  });
});

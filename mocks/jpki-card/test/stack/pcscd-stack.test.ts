import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hex } from '@madoguchi/protocol';
import { pcscdAvailability, startPcscd, waitFor } from '../../src/stack/pcscd-stack';
import { VpcdClient } from '../../src/transport/vpcd-client';

const run = promisify(execFile);
const unavailable = pcscdAvailability();
const describeStack = unavailable && process.env.MADOGUCHI_REQUIRE_PCSC !== '1' ? describe.skip : describe;

describeStack('private pcscd stack without a network namespace', () => {
  it('shows a card in the Virtual PCD reader while a vpcd client is connected', async () => {
    const stack = await startPcscd({ netns: false });
    try {
      const card = {
        atr: hex('3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F'),
        transmit: async () => hex('6A 82'),
        reset() {},
      };
      const client = new VpcdClient(card, stack.vpcd);
      const list = async () =>
        (await run('opensc-tool', ['-l'], { env: { ...process.env, ...stack.clientEnv } })).stdout;
      await waitFor(async () => /Virtual PCD 00 00/.test(await list()), 5000);
      expect(await list()).toMatch(/0\s+No\s+Virtual PCD 00 00/);
      await client.insert();
      await waitFor(async () => /0\s+Yes\s+Virtual PCD 00 00/.test(await list()), 5000);
      const atr = await run('opensc-tool', ['-r', '0', '-a'], {
        env: { ...process.env, ...stack.clientEnv },
      });
      expect(atr.stdout).toMatch(/3b:88:80:01:00:00:05:e0:b3:81:a1:00:7f/i);
      await client.remove();
      await waitFor(async () => /0\s+No\s+Virtual PCD 00 00/.test(await list()), 5000);
    } finally {
      await stack.stop();
    }
  }, 30000);
});

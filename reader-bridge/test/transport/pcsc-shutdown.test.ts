import { spawn } from 'node:child_process';
import path from 'node:path';
import { newCard } from '../helpers/cards';
import { describePcsc, startCardStack } from '../helpers/pcsc-stack';

describePcsc('PC/SC shutdown', () => {
  it('lets a process that used the reader exit on its own after close()', async () => {
    const stack = await startCardStack(await newCard('valid'));
    try {
      const child = spawn(
        process.execPath,
        [
          '-r',
          path.join(__dirname, '../helpers/register-ts.js'),
          path.join(__dirname, '../fixtures/pcsc-lifecycle.ts'),
          stack.readerName,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      let closedAt = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!closedAt && out.includes('closed')) closedAt = Date.now();
      });
      const code = await new Promise<number | string>((resolve) => {
        const kill = setTimeout(() => {
          child.kill('SIGKILL');
          resolve('did not exit within 10 s');
        }, 10_000);
        child.on('exit', (c) => {
          clearTimeout(kill);
          resolve(c ?? 'signal');
        });
      });
      expect(out).toContain('tries 3');
      expect(code).toBe(0);
      expect(Date.now() - closedAt).toBeLessThan(3000);
    } finally {
      await stack.stop();
    }
  }, 30_000);
});

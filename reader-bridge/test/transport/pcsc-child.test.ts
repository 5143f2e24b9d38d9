import path from 'node:path';
import { PcscChild, type PcscChildOptions } from '../../src/transport/pcsc-child';

/** The supervision bounds, with a child that blocks its main thread as a pcsclite call can (no pcscd needed). */
function frozenChild(mode: 'freeze-on-open' | 'freeze-on-ask', options: Partial<PcscChildOptions> = {}) {
  const notices: unknown[] = [];
  let exit!: (why: string) => void;
  const exited = new Promise<string>((resolve) => (exit = resolve));
  const child = new PcscChild(
    {
      entry: path.join(__dirname, '../fixtures/frozen-pcsc-process.js'),
      execArgv: [],
      process: { readerName: mode, restartDelayMs: 100 },
      stallMs: 200,
      requestTimeoutMs: 10_000,
      openTimeoutMs: 300,
      ...options,
    },
    (notice) => notices.push(notice),
    exit,
  );
  return { child, notices, exited };
}

describe('PcscChild supervision', () => {
  it('kills a child whose PC/SC context open never ends', async () => {
    const { notices, exited } = frozenChild('freeze-on-open');
    expect(await exited).toMatch(/opening PC\/SC took over 300 ms/);
    expect(notices).toEqual([{ kind: 'context', phase: 'opening' }]);
  });

  it('kills a child that stops answering while a request is outstanding: the request says READER_MISSING', async () => {
    const { child, exited } = frozenChild('freeze-on-ask');
    await expect(child.request('connect')).rejects.toMatchObject({ code: 'READER_MISSING' });
    expect(await exited).toMatch(/stopped answering/);
    await expect(child.request('connect')).rejects.toMatchObject({ code: 'READER_MISSING' });
  });

  it('kills a child whose request outlives the request bound', async () => {
    const { child, exited } = frozenChild('freeze-on-ask', { stallMs: 60_000, requestTimeoutMs: 300 });
    await expect(child.request('connect')).rejects.toMatchObject({ code: 'READER_MISSING' });
    expect(await exited).toMatch(/connect took over 300 ms/);
  });

  it('runs no timer while nothing is asked: an idle child is left alone', async () => {
    const { child, exited } = frozenChild('freeze-on-ask');
    const outcome = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 600)),
    ]);
    expect(outcome).toBe('still running');
    child.kill('test over');
    expect(await exited).toBe('test over');
  });
});

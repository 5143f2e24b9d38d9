import { Worker } from 'node:worker_threads';

/**
 * Kills this process `ms` from now unless it has exited by then. It runs in a worker thread, so it fires even when
 * the main thread is blocked in a native call (pcsclite's close() joins a status thread synchronously; see the
 * README). The worker is unref'd: it never keeps a process alive that is done.
 */
export function armExitWatchdog(ms: number): void {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
setTimeout(() => {
  require('node:fs').writeSync(2, JSON.stringify({ level: 50, time: Date.now(), service: 'madoguchi-bridge',
    msg: 'shutdown did not finish in time; killing the process' }) + '\\n');
  process.kill(workerData.pid, 'SIGKILL');
}, workerData.ms);`,
    { eval: true, workerData: { pid: process.pid, ms } },
  );
  worker.unref();
}

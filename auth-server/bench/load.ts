/**
 * The load generator, a child process of run.ts (pinned to its own core): one autocannon run described by the job
 * file named in argv[2]; prints a LoadResult as JSON on stdout. Assertion runs send each pre-generated, single-use
 * assertion once, in order; the run ends early (exhausted) rather than ever resend one.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { DEVICE_HEADER } from '@madoguchi/protocol';
import { assertionBody, type LoadJob, type LoadResult, type PoolFile } from './shared';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
  const pool = job.pool ? (JSON.parse(readFileSync(job.pool, 'utf8')) as PoolFile) : undefined;
  let next = 0;
  const refusals: string[] = [];
  const options: autocannon.Options = {
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 30,
  };
  if (pool) {
    // Each connection builds its first request up front and may build one more after its last response: keep a
    // margin so no assertion is ever sent twice (a resent one would be a refusal, not a verification).
    options.maxOverallRequests = pool.items.length - 3 * job.connections;
    options.requests = [
      {
        method: 'POST',
        path: new URL(job.url).pathname,
        setupRequest: (request) => {
          const item = pool.items[Math.min(next++, pool.items.length - 1)]!;
          const [challengeId, signature, deviceId, timestamp, deviceSignature] = item;
          request.body = assertionBody(challengeId, pool.certificate, signature);
          request.headers = {
            'content-type': 'application/json',
            [DEVICE_HEADER.DEVICE]: deviceId,
            [DEVICE_HEADER.TIMESTAMP]: timestamp,
            [DEVICE_HEADER.SIGNATURE]: deviceSignature,
          };
          return request;
        },
        onResponse: (status, body) => {
          if (status !== 200 && refusals.length < 3) refusals.push(body);
        },
      },
    ];
  } else {
    options.method = job.method;
  }
  const cpu = process.cpuUsage();
  const start = Date.now();
  let last = start;
  const result = await autocannon(options).on('response', () => (last = Date.now()));
  const used = process.cpuUsage(cpu);
  // autocannon notices the end at its next 1 s sample: a run that ran out of assertions ends at its last response.
  const exhausted = result.requests.total >= (options.maxOverallRequests ?? Infinity);
  const out: LoadResult = {
    seconds: exhausted ? (last - start) / 1000 : result.duration,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([k, v]) => [k, Number(v.count)]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
    refusals,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuSeconds: (used.user + used.system) / 1e6,
    used: Math.min(next, pool?.items.length ?? 0),
    exhausted,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

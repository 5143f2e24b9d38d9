import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, on a registry of its own (several servers may share one process in tests). */
export interface Metrics {
  registry: Registry;
  verifications: Counter<'outcome' | 'code'>;
  verificationSeconds: Histogram;
  crlRefreshFailures: Counter<'kind'>;
  /** Set by the owner of the CRLs: called at each scrape. */
  setCrlAges(read: () => Array<{ kind: string; source: string; seconds: number }>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  let readAges: () => Array<{ kind: string; source: string; seconds: number }> = () => [];
  const crlAge = new Gauge({
    name: 'madoguchi_crl_age_seconds',
    help: 'Seconds since thisUpdate of each CRL in use',
    labelNames: ['kind', 'source'],
    registers: [registry],
    collect() {
      crlAge.reset();
      for (const a of readAges()) crlAge.set({ kind: a.kind, source: a.source }, a.seconds);
    },
  });
  return {
    registry,
    verifications: new Counter({
      name: 'madoguchi_verifications_total',
      help: 'Assertion verifications by outcome and refusal code',
      labelNames: ['outcome', 'code'],
      registers: [registry],
    }),
    verificationSeconds: new Histogram({
      name: 'madoguchi_verification_seconds',
      help: 'Time to decide one assertion',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    crlRefreshFailures: new Counter({
      name: 'madoguchi_crl_refresh_failures_total',
      help: 'CRL sources that could not be refreshed',
      labelNames: ['kind'],
      registers: [registry],
    }),
    setCrlAges: (read) => {
      readAges = read;
    },
  };
}

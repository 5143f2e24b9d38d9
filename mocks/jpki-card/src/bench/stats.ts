/** Median and p99 of a sample, in the unit given; the rows `pnpm bench` collects. */
export interface BenchRow {
  name: string;
  unit: string;
  median: number;
  p99: number;
  n: number;
  note?: string;
}

export function summarise(name: string, samplesMs: number[], note?: string): BenchRow {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    name,
    unit: 'ms',
    median: round(at(0.5)),
    p99: round(at(0.99)),
    n: sorted.length,
    ...(note ? { note } : {}),
  };
}

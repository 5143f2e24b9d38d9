import { readFile } from 'node:fs/promises';
import { isMadoguchiError, MadoguchiError, type CrlStatus } from '@madoguchi/protocol';
import type { Clock } from '../domain/clock';
import { parseCrl, type VerifiedCrl } from '../verify/parse-crl';
import type { TrustAnchors } from '../verify/trust-anchors';
import type { KeyKind } from '../verify/key-kind';
import type { CrlSource } from './load-trust';

export interface CrlRegistryEvents {
  /** A source could not be refreshed; the CRL it gave before stays in use until it goes stale. */
  onRefreshFailure?: (source: CrlSource, error: Error) => void;
}

/** Reads a CRL source's bytes: a file, or an http(s) URL (J-LIS publishes over HTTP). */
export type CrlFetcher = (source: string) => Promise<Buffer>;

export const fetchCrlBytes: CrlFetcher = async (source) => {
  if (!/^https?:\/\//.test(source)) return readFile(source);
  const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${source}`);
  return Buffer.from(await response.arrayBuffer());
};

interface Entry {
  source: CrlSource;
  crl: VerifiedCrl | undefined;
  /** Why the last refresh of this source failed. */
  failure: MadoguchiError | undefined;
}

/**
 * The current CRL of every CA key. A refresh reads every source, verifies each CRL against its kind's CA keys, then
 * swaps the whole table in one assignment, so a verification sees either the old set or the new one. A source that
 * fails keeps its previous CRL (which then ages towards CRL_STALE) and is reported.
 */
export class CrlRegistry {
  private entries: readonly Entry[];
  private byKey: ReadonlyMap<string, VerifiedCrl> = new Map();

  constructor(
    private readonly sources: readonly CrlSource[],
    private readonly anchors: Record<KeyKind, TrustAnchors>,
    private readonly clock: Clock,
    private readonly fetcher: CrlFetcher = fetchCrlBytes,
    private readonly events: CrlRegistryEvents = {},
  ) {
    this.entries = sources.map((source) => ({
      source,
      crl: undefined,
      failure: new MadoguchiError('CRL_STALE', 'not loaded yet'),
    }));
  }

  readonly lookup = (issuerKey: string, kind: KeyKind): VerifiedCrl | MadoguchiError => {
    const crl = this.byKey.get(issuerKey);
    if (crl !== undefined) return crl;
    const failed = this.entries.find((e) => e.source.kind === kind && e.failure?.code === 'CRL_INVALID');
    return failed?.failure ?? new MadoguchiError('CRL_STALE', 'no CRL is loaded for the issuing CA');
  };

  async refresh(): Promise<CrlStatus[]> {
    const next = await Promise.all(
      this.entries.map(async (previous): Promise<Entry> => {
        try {
          const crl = parseCrl(await this.fetcher(previous.source.source), this.caKeys(previous.source.kind));
          if (previous.crl !== undefined && isOlder(crl, previous.crl)) {
            throw new MadoguchiError(
              'CRL_INVALID',
              `${describe(crl)} is older than the one held (${describe(previous.crl)})`,
            );
          }
          return { source: previous.source, crl, failure: undefined };
        } catch (error) {
          this.events.onRefreshFailure?.(previous.source, error as Error);
          const failure = isMadoguchiError(error)
            ? error
            : new MadoguchiError(
                'CRL_STALE',
                `cannot read ${previous.source.source}: ${(error as Error).message}`,
              );
          return { ...previous, failure };
        }
      }),
    );
    const byKey = new Map<string, VerifiedCrl>();
    for (const { crl } of next) if (crl) byKey.set(crl.issuerKey, newer(byKey.get(crl.issuerKey), crl));
    this.entries = next;
    this.byKey = byKey;
    return this.status();
  }

  status(): CrlStatus[] {
    return this.entries.map(({ source, crl, failure }) => ({
      kind: source.kind,
      source: source.source,
      thisUpdate: crl ? crl.thisUpdate.toISOString() : null,
      nextUpdate: crl ? crl.nextUpdate.toISOString() : null,
      ...(failure !== undefined ? { error: failure.message } : {}),
    }));
  }

  /** Seconds since each loaded CRL's thisUpdate (the metric operators alert on). */
  ages(): Array<{ kind: KeyKind; source: string; seconds: number }> {
    const now = this.clock.now().getTime();
    return this.entries
      .filter((e) => e.crl !== undefined)
      .map((e) => ({
        kind: e.source.kind,
        source: e.source.source,
        seconds: (now - e.crl!.thisUpdate.getTime()) / 1000,
      }));
  }

  private caKeys(kind: KeyKind) {
    const t = this.anchors[kind];
    return [...t.anchors, ...t.links].map((c) => c.publicKey);
  }
}

/**
 * Never go back to an older CRL (a replayed or stale mirror must not un-revoke anything): one with a lower CRL number
 * or an earlier thisUpdate than the one held is refused, and the held one stays until it goes stale.
 */
function isOlder(candidate: VerifiedCrl, held: VerifiedCrl): boolean {
  const lowerNumber =
    candidate.crlNumber !== undefined && held.crlNumber !== undefined && candidate.crlNumber < held.crlNumber;
  return lowerNumber || candidate.thisUpdate.getTime() < held.thisUpdate.getTime();
}

/** Of two CRLs of one CA key (from two sources), the newer. */
function newer(a: VerifiedCrl | undefined, b: VerifiedCrl): VerifiedCrl {
  return a !== undefined && isOlder(b, a) ? a : b;
}

const describe = (crl: VerifiedCrl): string =>
  `CRL ${crl.crlNumber === undefined ? '(no number)' : `number ${crl.crlNumber}`} of ${crl.thisUpdate.toISOString()}`;

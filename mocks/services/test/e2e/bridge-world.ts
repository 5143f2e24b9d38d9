import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PINS, VirtualCard, type CardProfile } from '@madoguchi/jpki-card';
import type {
  AuditRecord,
  BridgeMessage,
  HolderLink,
  LinkConsent,
  PinKind,
  TokenSet,
  TvMessage,
} from '@madoguchi/protocol';
import { HttpServerClient, loadOrCreateDeviceKey } from '@madoguchi/reader-bridge';
import { enrol, type TestPki } from '../../../../auth-server/test/helpers/fixture';
import { testBridge } from '../../../../reader-bridge/test/helpers/bridge';
import { connectTv, type TvClient } from '../../../../reader-bridge/test/helpers/tv-client';
import type { ServiceName } from '../../src/registrations';
import { operator, startWorld, type World } from '../helpers/world';

/**
 * What tv-app's consent screen asks for each service (`consentFor`): every fact the registration allows, from the
 * card-info AP when the service accepts it (a 4-digit PIN), else from the signature certificate.
 */
export const CONSENT: Record<ServiceName, LinkConsent> = {
  'city-hall': { facts: ['name', 'address', 'dateOfBirth', 'sex'], source: 'sign-cert' },
  disaster: { facts: [] },
  hospital: { facts: ['name', 'dateOfBirth', 'sex'], source: 'card-info' },
  transport: { facts: ['dateOfBirth'], source: 'card-info' },
};

/** One card operation as the TV saw it: the message that ended it and the PIN kinds the viewer was asked for. */
export interface Outcome {
  message: BridgeMessage;
  asked: PinKind[];
}

/** The viewer at the TV: sends protocol messages over the bridge's WebSocket and types each PIN asked for. */
export class Viewer {
  #operations = 0;

  constructor(readonly tv: TvClient) {}

  /** Runs one operation; `cancelAt` is the PIN kind at which the viewer presses Back instead of typing. */
  async operate(message: TvMessage, cancelAt?: PinKind): Promise<Outcome> {
    const { operationId } = message as { operationId: string };
    const asked: PinKind[] = [];
    this.tv.send(message);
    for (;;) {
      const next = await Promise.race([
        this.tv.next('pin.needed', (m) => m.operationId === operationId),
        this.tv.outcome(operationId),
      ]);
      if (next.type !== 'pin.needed') return { message: next, asked };
      asked.push(next.pinKind);
      this.tv.send(
        next.pinKind === cancelAt
          ? { type: 'pin.cancel', operationId }
          : { type: 'pin.submit', operationId, pin: DEMO_PINS[next.pinKind] },
      );
    }
  }

  login(serviceId: string, options: { freshLogin?: boolean } = {}): Promise<Outcome> {
    return this.operate({ type: 'login.start', operationId: this.#id(), serviceId, ...options });
  }

  /** The first use of a service after the viewer agreed on the consent screen. */
  link(serviceId: string, consent: LinkConsent, cancelAt?: PinKind): Promise<Outcome> {
    return this.operate(
      { type: 'login.start', operationId: this.#id(), serviceId, purpose: 'link', consent },
      cancelAt,
    );
  }

  sign(document: Buffer): Promise<Outcome> {
    return this.operate({
      type: 'sign.start',
      operationId: this.#id(),
      document: document.toString('base64url'),
    });
  }

  /** わたしのカード → つながっているサービス. */
  links(): Promise<Outcome> {
    return this.operate({ type: 'links.list', operationId: this.#id() });
  }

  removeLink(serviceId: string): Promise<Outcome> {
    return this.operate({ type: 'links.remove', operationId: this.#id(), serviceId });
  }

  #id(): string {
    this.#operations += 1;
    return `op-${this.#operations}`;
  }
}

/** The message that ended an operation, which must be of `type` (else the test fails showing what came instead). */
export function ended<T extends BridgeMessage['type']>(
  outcome: Outcome,
  type: T,
): Extract<BridgeMessage, { type: T }> {
  if (outcome.message.type !== type) {
    throw new Error(`expected ${type}, the bridge answered ${JSON.stringify(outcome.message)}`);
  }
  return outcome.message as Extract<BridgeMessage, { type: T }>;
}

export const tokensOf = (outcome: Outcome): TokenSet => ended(outcome, 'login.done').tokens;
export const cmsOf = (outcome: Outcome): Buffer => Buffer.from(ended(outcome, 'sign.done').cms, 'base64url');
export const linksOf = (outcome: Outcome): HolderLink[] => ended(outcome, 'links.result').links;

export interface BridgeWorld extends World {
  /** The one TV connected to the bridge. */
  viewer: Viewer;
  /** Every line the bridge logged. */
  logs: string[];
  /** Takes out whatever card is in the reader, puts this one in, and waits until the TV shows it present. */
  insert(profile: CardProfile): Promise<VirtualCard>;
  /** Every decision in the server's audit record, as the operator reads it (GET /v1/admin/audit). */
  audit(): Promise<AuditRecord[]>;
}

/**
 * The auth-server and the four services (startWorld), with the real reader-bridge in front of them, as on a box: its
 * own device key (enrolled on the server like `madoguchi-bridge enrol`), an in-process reader for the virtual card,
 * the server's frozen clock, and one TV connected to its WebSocket.
 */
export async function startBridgeWorld(pki: TestPki): Promise<BridgeWorld> {
  const world = await startWorld(pki);
  const state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-e2e-box-'));
  const identity = await loadOrCreateDeviceKey(state);
  await enrol(world.server, identity);
  const { bridge, reader, logs } = await testBridge(undefined, {
    server: new HttpServerClient({
      baseUrl: world.issuer,
      identity,
      timeoutMs: 5000,
      clock: world.server.clock,
    }),
    clock: world.server.clock,
  });
  const tv = await connectTv(bridge.port);
  await tv.next('card.state', (m) => m.state === 'absent');
  return {
    ...world,
    viewer: new Viewer(tv),
    logs,
    insert: async (profile) => {
      if (reader.channel?.present) {
        reader.remove();
        await tv.next('card.state', (m) => m.state === 'absent');
      }
      const card = new VirtualCard(profile);
      reader.insert(card);
      await tv.next('card.state', (m) => m.state === 'present');
      return card;
    },
    audit: async () =>
      (await operator(world, 'GET', '/v1/admin/audit?limit=1000')).json<{ records: AuditRecord[] }>().records,
    close: async () => {
      tv.close();
      await bridge.stop();
      await reader.close();
      await world.close();
      await rm(state, { recursive: true, force: true });
    },
  };
}

/** An audit record in one line: `action outcome service code`. */
export const decision = (r: AuditRecord): string =>
  [r.action, r.outcome, r.serviceId ?? '-', r.code ?? '-'].join(' ');

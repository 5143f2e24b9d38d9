import WebSocket from 'ws';
import type { CardState } from '@madoguchi/protocol';

export interface BridgeOperation {
  serviceId: string;
  purpose?: 'login' | 'link';
  pin: string;
  /** Runs when the bridge asks for the PIN, before it is sent (e.g. to pull the card there). */
  beforePin?: () => Promise<void>;
  /** Every frame both ways, as text (a wire recording). */
  onFrame?: (direction: 'to-bridge' | 'from-bridge', text: string) => void;
  timeoutMs?: number;
}

/**
 * One operation straight through the bridge's WebSocket protocol, as the TV sends it: login.start once the card is
 * present, the PIN when asked. A link consents to the service alone (no fact released), as the TV's 「同意する」
 * with nothing to share. Resolves with the bridge's final message (login.done or error).
 */
export async function operateThroughBridge(
  bridgeUrl: string,
  origin: string,
  op: BridgeOperation,
): Promise<{ type: string; code?: string }> {
  const ws = new WebSocket(bridgeUrl, { origin });
  const timeoutMs = op.timeoutMs ?? 20_000;
  const send = (message: object) => {
    const text = JSON.stringify(message);
    op.onFrame?.('to-bridge', text);
    ws.send(text);
  };
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer from the bridge in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const operationId = `stack-e2e-${op.purpose ?? 'login'}`;
      let started = false;
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        op.onFrame?.('from-bridge', data.toString());
        const message = JSON.parse(data.toString()) as { type: string; state?: string; code?: string };
        if (message.type === 'card.state' && message.state === 'present' && !started) {
          started = true;
          send({
            type: 'login.start',
            operationId,
            serviceId: op.serviceId,
            ...(op.purpose === 'link' ? { purpose: 'link', consent: { facts: [] } } : {}),
          });
        } else if (message.type === 'pin.needed') {
          void (op.beforePin ?? (async () => undefined))().then(() =>
            send({ type: 'pin.submit', operationId, pin: op.pin }),
          );
        } else if (message.type === 'login.done' || message.type === 'error') {
          clearTimeout(timer);
          resolve(message);
        }
      });
    });
  } finally {
    ws.close();
  }
}

/** Links the card to a service through the bridge (the consent screen's path); the bridge's final message. */
export const linkThroughBridge = (bridgeUrl: string, origin: string, serviceId: string, pin: string) =>
  operateThroughBridge(bridgeUrl, origin, { serviceId, purpose: 'link', pin });

/** Resolves once the bridge reports the card `state` (it tells every connection the state on connect, then changes). */
export async function waitForCardState(
  bridgeUrl: string,
  origin: string,
  state: CardState,
  timeoutMs = 20_000,
): Promise<void> {
  const ws = new WebSocket(bridgeUrl, { origin });
  let last = 'none';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the card was not ${state} within ${timeoutMs} ms (last: ${last})`)),
        timeoutMs,
      );
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; state?: string };
        if (message.type !== 'card.state') return;
        last = message.state ?? 'none';
        if (message.state === state) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    ws.close();
  }
}

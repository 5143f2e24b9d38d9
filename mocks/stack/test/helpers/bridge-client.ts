import WebSocket from 'ws';

/**
 * Links the demo card to a service straight through the bridge's WebSocket protocol (login.start with purpose
 * 'link', which the bridge supports today), as the TV's consent screen would once the bridge accepts its consent
 * field. Resolves with the bridge's final message.
 */
export async function linkThroughBridge(
  bridgeUrl: string,
  origin: string,
  serviceId: string,
  pin: string,
  timeoutMs = 20_000,
): Promise<{ type: string; code?: string }> {
  const ws = new WebSocket(bridgeUrl, { origin });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer from the bridge in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const operationId = 'stack-e2e-link';
      let started = false;
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; state?: string; code?: string };
        if (message.type === 'card.state' && message.state === 'present' && !started) {
          started = true;
          // A link that releases no fact: consent to the service alone, as the TV's 「同意する」 with nothing to share.
          ws.send(
            JSON.stringify({
              type: 'login.start',
              operationId,
              serviceId,
              purpose: 'link',
              consent: { facts: [] },
            }),
          );
        } else if (message.type === 'pin.needed') {
          ws.send(JSON.stringify({ type: 'pin.submit', operationId, pin }));
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

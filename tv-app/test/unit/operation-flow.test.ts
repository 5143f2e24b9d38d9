import type { PinNeeded } from '@madoguchi/protocol/messages/pin';
import type { LinkConsent } from '@madoguchi/protocol/messages/login';
import type { LinksResult } from '@madoguchi/protocol/messages/links';
import { IDLE, step, type FlowState, type OperationRequest } from '../../src/flow/operation-flow';

const login = { kind: 'login', serviceId: 'disaster' } as const;
const pin = (over: Partial<PinNeeded> = {}): PinNeeded => ({
  type: 'pin.needed',
  operationId: 'op-1',
  pinKind: 'auth',
  triesLeft: 3,
  lastTry: false,
  minLength: 4,
  maxLength: 4,
  ...over,
});
const running = (extra: Partial<Extract<FlowState, { phase: 'running' }>> = {}): FlowState => ({
  phase: 'running',
  request: login,
  operationId: 'op-1',
  ...extra,
});

it('waits for a card before starting, and starts by itself when one is placed', () => {
  const a = step(IDLE, { type: 'start', request: login, cardState: 'absent', operationId: 'op-1' });
  expect(a.effects).toEqual([{ type: 'show', show: { screen: 'card', state: 'absent' } }]);
  const b = step(a.state, { type: 'card', state: 'present', operationId: 'op-2' });
  expect(b.effects[0]).toEqual({
    type: 'send',
    message: { type: 'login.start', operationId: 'op-2', serviceId: 'disaster' },
  });
});

it('shows the last-try warning before the PIN, and sends confirmLastTry only after the viewer agreed', () => {
  const warned = step(running(), { type: 'bridge', message: pin({ triesLeft: 1, lastTry: true }) });
  expect(warned.effects).toEqual([{ type: 'show', show: { screen: 'last-try', pin: expect.anything() } }]);
  expect(step(warned.state, { type: 'pin', pin: '1234' }).effects[0]).toEqual({
    type: 'send',
    message: { type: 'pin.submit', operationId: 'op-1', pin: '1234' },
  });
  const agreed = step(warned.state, { type: 'confirm-last-try' });
  expect(step(agreed.state, { type: 'pin', pin: '1234' }).effects[0]).toEqual({
    type: 'send',
    message: { type: 'pin.submit', operationId: 'op-1', pin: '1234', confirmLastTry: true },
  });
});

it('ignores messages about other operations', () => {
  expect(step(running(), { type: 'bridge', message: pin({ operationId: 'op-9' }) }).effects).toEqual([]);
});

it('reports a card pulled mid-operation at once, and a lost bridge as such', () => {
  expect(step(running(), { type: 'card', state: 'absent', operationId: 'x' })).toEqual({
    state: IDLE,
    effects: [{ type: 'show', show: { screen: 'notice', code: 'CARD_REMOVED' } }],
  });
  expect(step(running(), { type: 'connection-lost' }).effects).toEqual([
    { type: 'show', show: { screen: 'bridge-down' } },
  ]);
});

it('cancels with pin.cancel and returns the viewer to where they were; a bridge CANCELLED is not an error', () => {
  expect(step(running({ pin: pin() }), { type: 'cancel' }).effects).toEqual([
    { type: 'send', message: { type: 'pin.cancel', operationId: 'op-1' } },
    { type: 'left' },
  ]);
  const cancelled = step(running(), {
    type: 'bridge',
    message: { type: 'error', operationId: 'op-1', code: 'CANCELLED', message: 'x' },
  });
  expect(cancelled.effects).toEqual([{ type: 'left' }]);
});

it('ends with the result on login.done', () => {
  const tokens = { tokenType: 'Bearer', accessToken: 'a', idToken: 'i', expiresIn: 60, acr: 'auth' } as const;
  const done = step(running(), {
    type: 'bridge',
    message: { type: 'login.done', operationId: 'op-1', tokens },
  });
  expect(done).toEqual({
    state: IDLE,
    effects: [{ type: 'done', result: expect.objectContaining({ tokens }) }],
  });
});

it('hands a LINK_REQUIRED login back to the service flow (it offers the consent screen), not an error screen', () => {
  const refused = { type: 'error', operationId: 'op-1', code: 'LINK_REQUIRED', message: 'x' } as const;
  expect(step(running(), { type: 'bridge', message: refused })).toEqual({
    state: IDLE,
    effects: [{ type: 'done', result: refused }],
  });
  // A link refused the same way is a real failure, said as such.
  const link: OperationRequest = { kind: 'link', serviceId: 'byoin', consent: { facts: [] } };
  expect(step(running({ request: link }), { type: 'bridge', message: refused }).effects).toEqual([
    { type: 'show', show: { screen: 'notice', code: 'LINK_REQUIRED' } },
  ]);
});

it('starts a link with the consent the viewer gave', () => {
  const consent: LinkConsent = { facts: ['dateOfBirth'], source: 'card-info' };
  const started = step(IDLE, {
    type: 'start',
    request: { kind: 'link', serviceId: 'kotsu', consent },
    cardState: 'present',
    operationId: 'op-3',
  });
  expect(started.effects[0]).toEqual({
    type: 'send',
    message: { type: 'login.start', operationId: 'op-3', serviceId: 'kotsu', purpose: 'link', consent },
  });
});

it.each([
  [{ kind: 'links' }, { type: 'links.list', operationId: 'op-4' }],
  [
    { kind: 'links-remove', serviceId: 'byoin' },
    { type: 'links.remove', operationId: 'op-4', serviceId: 'byoin' },
  ],
] as const)(
  'runs the holder’s links (%o) like a login: challenge first, then PIN and progress',
  (request, message) => {
    const started = step(IDLE, { type: 'start', request, cardState: 'present', operationId: 'op-4' });
    expect(started.effects).toEqual([
      { type: 'send', message },
      { type: 'show', show: { screen: 'progress', step: 'challenge' } },
    ]);
    const asked = step(started.state, { type: 'bridge', message: pin({ operationId: 'op-4' }) });
    expect(asked.effects).toEqual([
      { type: 'show', show: { screen: 'pin', pin: expect.anything(), confirmLastTry: false } },
    ]);
    const result: LinksResult = { type: 'links.result', operationId: 'op-4', links: [] };
    expect(step(asked.state, { type: 'bridge', message: result })).toEqual({
      state: IDLE,
      effects: [{ type: 'done', result }],
    });
  },
);

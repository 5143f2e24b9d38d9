import path from 'node:path';
import { simLayout } from '@madoguchi/jpki-card';

/**
 * Where the stack keeps things under STATE, beside the simulator's own ca/, profiles/ and card.sock (so that
 * `jpki-sim card remove --state STATE` finds the running card without further options).
 */
export function stackLayout(state: string) {
  const sim = simLayout(state);
  const dir = (...parts: string[]) => path.join(sim.state, ...parts);
  return {
    sim,
    serverConfig: dir('stack', 'server.json'),
    serverState: dir('auth-server'),
    bridgeConfig: dir('stack', 'bridge.json'),
    bridgeState: dir('bridge'),
    devicePublicKey: dir('bridge', 'device-key.pub.pem'),
    servicesCredentials: dir('stack', 'services-credentials.json'),
    servicesData: dir('services'),
    logs: dir('logs'),
    cardControl: path.join(sim.state, 'card.sock'),
    /** PCSCLITE_CSOCK_NAME for PC/SC clients: a link to the socket of whichever private pcscd runs now. */
    pcscdSocket: dir('run', 'pcscd.comm'),
  };
}
export type StackLayout = ReturnType<typeof stackLayout>;

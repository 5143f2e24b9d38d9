import { createHash, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AssertionRequestSchema,
  CreateChallengeRequestSchema,
  DEVICE_HEADER,
  DEVICE_SIGNATURE_MAX_SKEW_S,
  deviceSigningString,
  HTTP_STATUS,
  isMadoguchiError,
  MadoguchiError,
} from '@madoguchi/protocol';
import { Value } from '@sinclair/typebox/value';
import { FakeAuthority } from './fake-authority';

/**
 * A node:http stand-in for the auth-server that follows protocol/src/http exactly: it checks the device request
 * signature (registered public key, timestamp skew, body hash, ECDSA P-256 P1363) before anything else, validates
 * bodies, and lets FakeAuthority check the card's signature. Refusals are `{code, message}` with HTTP_STATUS.
 */
export async function startFakeAuthServer(options: { devices: Record<string, string>; delayMs?: number }) {
  const authority = new FakeAuthority(Object.keys(options.devices)[0]);
  /** Raw request bodies as received. */
  const rawBodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      rawBodies.push(body.toString('utf8'));
      const reply = (status: number, json: unknown) => {
        if (!res.writable) return;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      };
      setTimeout(() => {
        handle(req, body)
          .then((json) => reply(200, json))
          .catch((e: unknown) => {
            const error = isMadoguchiError(e) ? e : new MadoguchiError('INTERNAL', String(e));
            reply(HTTP_STATUS[error.code], error.toBody());
          });
      }, options.delayMs ?? 0);
    });
  });

  async function handle(req: http.IncomingMessage, body: Buffer): Promise<unknown> {
    checkDevice(req, body);
    const service = /^\/v1\/services\/([a-z][a-z0-9-]{1,62})$/.exec(req.url ?? '');
    if (req.method === 'GET' && service) return authority.serviceInfo(service[1]!);
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (req.method === 'POST' && req.url === '/v1/challenges') {
      if (!Value.Check(CreateChallengeRequestSchema, json))
        throw new MadoguchiError('BAD_MESSAGE', 'bad body');
      return authority.createChallenge(json);
    }
    if (req.method === 'POST' && req.url === '/v1/assertions') {
      if (!Value.Check(AssertionRequestSchema, json)) throw new MadoguchiError('BAD_MESSAGE', 'bad body');
      return authority.submitAssertion(json);
    }
    throw new MadoguchiError('BAD_MESSAGE', 'no such route');
  }

  function checkDevice(req: http.IncomingMessage, body: Buffer): void {
    const deviceId = String(req.headers[DEVICE_HEADER.DEVICE] ?? '');
    const timestamp = Number(req.headers[DEVICE_HEADER.TIMESTAMP]);
    const signature = Buffer.from(String(req.headers[DEVICE_HEADER.SIGNATURE] ?? ''), 'base64url');
    const key = options.devices[deviceId];
    if (!key) throw new MadoguchiError('DEVICE_UNKNOWN', 'unknown device');
    if (!(Math.abs(Date.now() / 1000 - timestamp) <= DEVICE_SIGNATURE_MAX_SKEW_S)) {
      throw new MadoguchiError('DEVICE_UNKNOWN', 'timestamp out of range');
    }
    const signed = deviceSigningString({
      method: req.method ?? '',
      path: req.url ?? '',
      deviceId,
      timestamp,
      bodySha256: createHash('sha256').update(body).digest('base64url'),
    });
    if (!verify('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' }, signature)) {
      throw new MadoguchiError('DEVICE_UNKNOWN', 'bad device signature');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authority,
    rawBodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { createHash, sign } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import {
  AssertionResponseSchema,
  ChallengeSchema,
  DEVICE_HEADER,
  deviceSigningString,
  ErrorBodySchema,
  HolderLinksResponseSchema,
  LinkResponseSchema,
  ServiceInfoSchema,
  MadoguchiError,
  type AssertionRequest,
  type AssertionResponse,
  type Challenge,
  type CreateChallengeRequest,
  type HolderLinksResponse,
  type LinkRequest,
  type LinkResponse,
  type ReuseRequest,
  type ServiceInfo,
} from '@madoguchi/protocol';
import { Type, type TSchema, type Static } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Clock } from '../protocol/clock';
import type { ServerClient } from '../protocol/server-api';
import type { DeviceIdentity } from './device-key';

// The challenge's expiresAt is `format: date-time`; TypeBox checks formats only once they are registered.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)));
}

export interface HttpServerClientOptions {
  /** e.g. https://auth.example.jp (a path prefix is kept). */
  baseUrl: string;
  identity: DeviceIdentity;
  /** Per request, connect to last byte. */
  timeoutMs: number;
  clock: Clock;
  /** Extra trusted CA certificates (PEM) for a private auth-server. */
  ca?: string;
}

/**
 * The auth-server over HTTP(S), every request signed with the device key (protocol/src/http/device-auth.ts): the
 * signature covers method, path, device id, timestamp and the body's SHA-256. A refused request throws the server's
 * own code; no answer at all (down, refused connection, time-out, a proxy's bare 5xx) is SERVER_UNREACHABLE.
 */
export class HttpServerClient implements ServerClient {
  readonly #base: URL;

  constructor(private readonly options: HttpServerClientOptions) {
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  createChallenge(request: CreateChallengeRequest): Promise<Challenge> {
    return this.#call('POST', 'v1/challenges', request, ChallengeSchema);
  }

  serviceInfo(serviceId: string): Promise<ServiceInfo> {
    return this.#call('GET', `v1/services/${encodeURIComponent(serviceId)}`, undefined, ServiceInfoSchema);
  }

  submitAssertion(request: AssertionRequest): Promise<AssertionResponse> {
    return this.#call('POST', 'v1/assertions', request, AssertionResponseSchema);
  }

  createLink(request: LinkRequest): Promise<LinkResponse> {
    return this.#call('POST', 'v1/links', request, LinkResponseSchema);
  }

  reuseLogin(request: ReuseRequest): Promise<AssertionResponse> {
    return this.#call('POST', 'v1/logins/reuse', request, AssertionResponseSchema);
  }

  holderLinks(accessToken: string): Promise<HolderLinksResponse> {
    return this.#call('GET', 'v1/holder/links', undefined, HolderLinksResponseSchema, accessToken);
  }

  async removeHolderLink(accessToken: string, serviceId: string): Promise<void> {
    await this.#call(
      'DELETE',
      `v1/holder/links/${encodeURIComponent(serviceId)}`,
      undefined,
      NO_CONTENT,
      accessToken,
    );
  }

  async #call<T extends TSchema>(
    method: 'GET' | 'POST' | 'DELETE',
    relative: string,
    body: unknown,
    schema: T,
    bearer?: string,
  ): Promise<Static<T>> {
    const url = new URL(relative, this.#base);
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
    const { status, text } = await this.#send(method, url, bytes, bearer);
    const json = status === 204 && text === '' ? null : parseJson(text);
    if (status >= 200 && status < 300 && Value.Check(schema, json)) return json;
    if (Value.Check(ErrorBodySchema, json)) {
      throw new MadoguchiError(json.code, `the auth-server refused: ${json.message}`, {
        ...(json.triesLeft === undefined ? {} : { triesLeft: json.triesLeft }),
      });
    }
    throw new MadoguchiError('SERVER_UNREACHABLE', `the auth-server answered ${status} with no usable body`);
  }

  #send(
    method: string,
    url: URL,
    body: Buffer,
    bearer: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const { identity, clock, timeoutMs, ca } = this.options;
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const signingString = deviceSigningString({
      method,
      path: url.pathname + url.search,
      deviceId: identity.deviceId,
      timestamp,
      bodySha256: createHash('sha256').update(body).digest('base64url'),
    });
    const signature = sign('sha256', Buffer.from(signingString), {
      key: identity.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const unreachable = (reason: string, cause?: unknown) =>
        reject(
          new MadoguchiError('SERVER_UNREACHABLE', `the auth-server is unreachable: ${reason}`, { cause }),
        );
      const req = transport.request(
        url,
        {
          method,
          timeout: timeoutMs,
          ...(ca ? { ca } : {}),
          headers: {
            ...(body.length > 0 ? { 'content-type': 'application/json' } : {}),
            'content-length': body.length,
            ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
            [DEVICE_HEADER.DEVICE]: identity.deviceId,
            [DEVICE_HEADER.TIMESTAMP]: String(timestamp),
            [DEVICE_HEADER.SIGNATURE]: signature.toString('base64url'),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (e) => unreachable('the answer broke off', e));
        },
      );
      // The whole exchange, not just the connect, must finish in time.
      const deadline = setTimeout(() => req.destroy(new Error('time-out')), timeoutMs);
      req.on('close', () => clearTimeout(deadline));
      req.on('timeout', () => req.destroy(new Error('time-out')));
      req.on('error', (e) => unreachable(e.message, e));
      req.end(body);
    });
  }
}

/** DELETE answers 204 with no body. */
const NO_CONTENT = Type.Null();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

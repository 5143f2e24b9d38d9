import type {
  AssertionRequest,
  AssertionResponse,
  Challenge,
  CreateChallengeRequest,
  HolderLinksResponse,
  LinkRequest,
  LinkResponse,
  ReuseRequest,
  ServiceInfo,
} from '@madoguchi/protocol';

/**
 * The auth-server as the bridge's flows see it (protocol/src/http). The HTTP implementation signs every request with
 * the box's device key; every network failure or time-out is SERVER_UNREACHABLE, every refusal the server's code.
 */
export interface ServerClient {
  createChallenge(request: CreateChallengeRequest): Promise<Challenge>;
  /** GET /v1/services/:serviceId: the registration's public part; the bridge needs its `assurance` (which key). */
  serviceInfo(serviceId: string): Promise<ServiceInfo>;
  submitAssertion(request: AssertionRequest): Promise<AssertionResponse>;
  /** POST /v1/links: the first use of a service, with consent (and the facts to release). */
  createLink(request: LinkRequest): Promise<LinkResponse>;
  /** POST /v1/logins/reuse: a login without a PIN, if the service's policy allows it (else FRESH_LOGIN_REQUIRED). */
  reuseLogin(request: ReuseRequest): Promise<AssertionResponse>;
  /** GET /v1/holder/links with a `holder`-audience access token. */
  holderLinks(accessToken: string): Promise<HolderLinksResponse>;
  /** DELETE /v1/holder/links/:serviceId with a `holder`-audience access token. */
  removeHolderLink(accessToken: string, serviceId: string): Promise<void>;
}

import type {
  AssertionRequest,
  AssertionResponse,
  Challenge,
  CreateChallengeRequest,
  HolderLinksResponse,
  LinkRequest,
  LinkResponse,
  ReuseRequest,
} from '@madoguchi/protocol';

/**
 * The auth-server as the bridge's flows see it (protocol/src/http). The HTTP implementation signs every request with
 * the box's device key; every network failure or time-out is SERVER_UNREACHABLE, every refusal the server's code.
 */
export interface ServerClient {
  createChallenge(request: CreateChallengeRequest): Promise<Challenge>;
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

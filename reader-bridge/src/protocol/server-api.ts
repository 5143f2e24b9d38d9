import type {
  AssertionRequest,
  AssertionResponse,
  Challenge,
  CreateChallengeRequest,
} from '@madoguchi/protocol';

/**
 * The auth-server as the bridge's flows see it (protocol/src/http). The HTTP implementation signs every request with
 * the box's device key; every network failure or time-out is SERVER_UNREACHABLE, every refusal the server's code.
 */
export interface ServerClient {
  createChallenge(request: CreateChallengeRequest): Promise<Challenge>;
  submitAssertion(request: AssertionRequest): Promise<AssertionResponse>;
}

import { Type, type Static } from '@sinclair/typebox';
import { ServiceIdSchema } from './common';
import { LinkViewSchema } from './links';

/**
 * The holder's own view ("my card" screen), called by the bridge on the holder's behalf. Each call carries the
 * device signature AND `Authorization: Bearer <access token>` from a PIN login to the built-in `holder` audience on
 * the same box: the token says who the holder is, the device signature that it is used from the box it was issued to.
 *
 *   GET    /v1/holder/links              → HolderLinksResponse
 *   DELETE /v1/holder/links/:serviceId   → 204 (the service loses access at once)
 */
export const HolderLinksResponseSchema = Type.Object(
  { links: Type.Array(LinkViewSchema) },
  { $id: 'HolderLinksResponse', additionalProperties: false },
);
export type HolderLinksResponse = Static<typeof HolderLinksResponseSchema>;

export const ServiceIdParamsSchema = Type.Object(
  { serviceId: ServiceIdSchema },
  { $id: 'ServiceIdParams', additionalProperties: false },
);
export type ServiceIdParams = Static<typeof ServiceIdParamsSchema>;

/**
 * POST /v1/logins/reuse — a login without a new PIN, for a service whose registration allows it: the bridge hands
 * over an access token from a recent PIN login on this box (any audience). Refused FRESH_LOGIN_REQUIRED when the
 * service asks a PIN every time or that login is older than the service allows. The tokens keep the original
 * `auth_time`, so the service sees how old the PIN entry is.
 */
export const ReuseRequestSchema = Type.Object(
  { serviceId: ServiceIdSchema, accessToken: Type.String({ minLength: 1, maxLength: 4096 }) },
  { $id: 'ReuseRequest', additionalProperties: false },
);
export type ReuseRequest = Static<typeof ReuseRequestSchema>;

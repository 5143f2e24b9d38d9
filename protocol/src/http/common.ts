import { Type } from '@sinclair/typebox';

export const ServiceIdSchema = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', $id: 'ServiceId' });
export const DeviceIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$', $id: 'DeviceId' });
/** base64url without padding, as JOSE uses. */
export const Base64UrlSchema = Type.String({ pattern: '^[A-Za-z0-9_-]*$' });

/** What a login or signature is for: bound into the challenge and into the signed bytes. */
export const PurposeSchema = Type.Union([Type.Literal('login'), Type.Literal('link'), Type.Literal('sign')], {
  $id: 'Purpose',
});

/** Which card key signed: the authentication key (4-digit PIN) or the signature key (6–16 character PIN). */
export const KeyKindSchema = Type.Union([Type.Literal('auth'), Type.Literal('sign')], { $id: 'KeyKind' });

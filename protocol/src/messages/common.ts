import { Type } from '@sinclair/typebox';

/**
 * Shared pieces of the WebSocket contract between the TV app and the reader-bridge (loopback only). Every message is
 * one JSON object with a `type`; requests that start a card operation carry an `operationId` the TV chooses, and
 * every message about that operation echoes it.
 */
export const OperationIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', $id: 'OperationId' });

export const PinKindSchema = Type.Union(
  [Type.Literal('auth'), Type.Literal('sign'), Type.Literal('cardInfo')],
  { $id: 'PinKind' },
);

/** Closed objects: an unknown field is a bad message, never silently ignored. */
export const closed = { additionalProperties: false } as const;

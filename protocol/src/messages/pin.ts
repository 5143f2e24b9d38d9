import { Type, type Static } from '@sinclair/typebox';
import { closed, OperationIdSchema, PinKindSchema } from './common';

/** Why the bridge asks again within the same operation; nothing else re-asks, and the bridge never retries itself. */
export const PinRetryReasonSchema = Type.Union(
  [
    // the last PIN was wrong: `triesLeft` is what remains
    Type.Literal('PIN_WRONG'),
    // the PIN did not fit its rules and was never sent to the card: no try was used
    Type.Literal('PIN_FORMAT'),
    // one try left and the submit did not confirm it: nothing was sent
    Type.Literal('PIN_LAST_TRY_CONFIRM_REQUIRED'),
  ],
  { $id: 'PinRetryReason' },
);
export type PinRetryReason = Static<typeof PinRetryReasonSchema>;

/** Bridge → TV: enter this PIN. With `lastTry` the TV must warn and send `confirmLastTry: true`. */
export const PinNeededSchema = Type.Object(
  {
    type: Type.Literal('pin.needed'),
    operationId: OperationIdSchema,
    pinKind: PinKindSchema,
    triesLeft: Type.Integer({ minimum: 1 }),
    lastTry: Type.Boolean(),
    /** The PIN's length rules, so the TV can size its entry boxes. */
    minLength: Type.Integer({ minimum: 1 }),
    maxLength: Type.Integer({ minimum: 1 }),
    retryReason: Type.Optional(PinRetryReasonSchema),
  },
  { $id: 'PinNeeded', ...closed },
);
export type PinNeeded = Static<typeof PinNeededSchema>;

/**
 * TV → bridge. The PIN exists only in this one frame; the bridge wipes it after the card operation and never sends it
 * back, logs it or forwards it. The schema is loose on characters on purpose: a malformed PIN gets a `pin.needed`
 * with PIN_FORMAT (costing no try) rather than a bare BAD_MESSAGE.
 */
export const PinSubmitSchema = Type.Object(
  {
    type: Type.Literal('pin.submit'),
    operationId: OperationIdSchema,
    pin: Type.String({ minLength: 1, maxLength: 32 }),
    confirmLastTry: Type.Optional(Type.Boolean()),
  },
  { $id: 'PinSubmit', ...closed },
);
export type PinSubmit = Static<typeof PinSubmitSchema>;

/** TV → bridge: the viewer gave up; the operation ends with `error CANCELLED` and no try is used. */
export const PinCancelSchema = Type.Object(
  { type: Type.Literal('pin.cancel'), operationId: OperationIdSchema },
  { $id: 'PinCancel', ...closed },
);
export type PinCancel = Static<typeof PinCancelSchema>;

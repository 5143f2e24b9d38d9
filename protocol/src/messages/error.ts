import { Type, type Static } from '@sinclair/typebox';
import { ErrorCodeSchema } from '../errors';
import { closed, OperationIdSchema } from './common';

/**
 * Bridge → TV: a refusal. With an `operationId` it ends that operation; without one it answers a message that could
 * not be read (BAD_MESSAGE). Never carries a PIN or personal data.
 */
export const ErrorMessageSchema = Type.Object(
  {
    type: Type.Literal('error'),
    operationId: Type.Optional(OperationIdSchema),
    code: ErrorCodeSchema,
    message: Type.String(),
    triesLeft: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'ErrorMessage', ...closed },
);
export type ErrorMessage = Static<typeof ErrorMessageSchema>;

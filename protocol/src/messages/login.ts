import { Type, type Static } from '@sinclair/typebox';
import { TokenSetSchema } from '../http/assertions';
import { ServiceIdSchema } from '../http/common';
import { closed, OperationIdSchema } from './common';

/** TV → bridge: log in to a service with the authentication key (challenge first, then card and PIN). */
export const LoginStartSchema = Type.Object(
  {
    type: Type.Literal('login.start'),
    operationId: OperationIdSchema,
    serviceId: ServiceIdSchema,
    /** 'link' when the login records a first link to the service; default 'login'. */
    purpose: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('link')])),
  },
  { $id: 'LoginStart', ...closed },
);
export type LoginStart = Static<typeof LoginStartSchema>;

/** Bridge → TV: the auth-server's tokens for the service. */
export const LoginDoneSchema = Type.Object(
  { type: Type.Literal('login.done'), operationId: OperationIdSchema, tokens: TokenSetSchema },
  { $id: 'LoginDone', ...closed },
);
export type LoginDone = Static<typeof LoginDoneSchema>;

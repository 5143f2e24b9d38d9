import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MadoguchiError } from '../errors';
import { CardStateEventSchema, CardStatusRequestSchema, CardStatusResultSchema } from './card';
import { ErrorMessageSchema } from './error';
import { FactsReadSchema, FactsResultSchema } from './facts';
import { LinksListSchema, LinksRemoveSchema, LinksResultSchema } from './links';
import { LoginDoneSchema, LoginStartSchema } from './login';
import { PinCancelSchema, PinNeededSchema, PinSubmitSchema } from './pin';
import { ProgressSchema } from './progress';
import { SignDoneSchema, SignStartSchema } from './sign';

export { OperationIdSchema, PinKindSchema } from './common';
export * from './card';
export * from './pin';
export * from './progress';
export * from './login';
export * from './sign';
export * from './facts';
export * from './links';
export * from './error';

/** Every message the TV may send to the bridge. */
export const TvMessageSchema = Type.Union(
  [
    LoginStartSchema,
    SignStartSchema,
    CardStatusRequestSchema,
    FactsReadSchema,
    PinSubmitSchema,
    PinCancelSchema,
    LinksListSchema,
    LinksRemoveSchema,
  ],
  { $id: 'TvMessage' },
);
export type TvMessage = Static<typeof TvMessageSchema>;

/** Every message the bridge may send to the TV. */
export const BridgeMessageSchema = Type.Union(
  [
    CardStateEventSchema,
    PinNeededSchema,
    ProgressSchema,
    LoginDoneSchema,
    SignDoneSchema,
    CardStatusResultSchema,
    FactsResultSchema,
    LinksResultSchema,
    ErrorMessageSchema,
  ],
  { $id: 'BridgeMessage' },
);
export type BridgeMessage = Static<typeof BridgeMessageSchema>;

function parser<T extends TSchema>(schema: T, what: string): (value: unknown) => Static<T> {
  const check = TypeCompiler.Compile(schema);
  return (value) => {
    if (check.Check(value)) return value;
    // The first error's path only: never echo values back (a PIN could be among them).
    const first = check.Errors(value).First();
    throw new MadoguchiError('BAD_MESSAGE', `not a ${what}${first ? ` (at ${first.path || '/'})` : ''}`);
  };
}

/** Validates an already JSON-parsed value as a TV → bridge message; throws MadoguchiError BAD_MESSAGE. */
export const parseTvMessage = parser(TvMessageSchema, 'TV message');
/** Validates an already JSON-parsed value as a bridge → TV message; throws MadoguchiError BAD_MESSAGE. */
export const parseBridgeMessage = parser(BridgeMessageSchema, 'bridge message');

import { Type, type Static } from '@sinclair/typebox';
import { BasicFourSchema } from '../card/basic-four';
import { closed, OperationIdSchema } from './common';

/** TV → bridge: read the basic four facts from the card-info AP (its 4-digit PIN). Never the My Number. */
export const FactsReadSchema = Type.Object(
  { type: Type.Literal('facts.read'), operationId: OperationIdSchema },
  { $id: 'FactsRead', ...closed },
);
export type FactsRead = Static<typeof FactsReadSchema>;

/** Bridge → TV: the facts, for the viewer to see and consent to release. */
export const FactsResultSchema = Type.Object(
  { type: Type.Literal('facts.result'), operationId: OperationIdSchema, facts: BasicFourSchema },
  { $id: 'FactsResult', ...closed },
);
export type FactsResult = Static<typeof FactsResultSchema>;

import { Type, type Static } from '@sinclair/typebox';
import { closed, OperationIdSchema } from './common';

/** The steps the TV shows and speaks, in the order an operation passes them (each operation uses a subset). */
export const PROGRESS_STEPS = ['challenge', 'reading', 'pin-check', 'signing', 'sending', 'done'] as const;
export const ProgressStepSchema = Type.Union(
  PROGRESS_STEPS.map((s) => Type.Literal(s)),
  { $id: 'ProgressStep' },
);
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** Bridge → TV. */
export const ProgressSchema = Type.Object(
  { type: Type.Literal('progress'), operationId: OperationIdSchema, step: ProgressStepSchema },
  { $id: 'Progress', ...closed },
);
export type Progress = Static<typeof ProgressSchema>;

import type { FastifySchemaCompiler } from 'fastify';
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

// TypeBox checks only formats it is told about; the protocol schemas use date-time.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set(
    'date-time',
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
      !Number.isNaN(Date.parse(v)),
  );
}

/**
 * Request validation with TypeBox's compiled checks, strict: extra properties are refused, not stripped. Query
 * strings arrive as text, so they alone are converted (and defaulted) before the check.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema);
  return (data: unknown) => {
    const value = httpPart === 'querystring' ? Value.Default(schema, Value.Convert(schema, data)) : data;
    if (check.Check(value)) return { value };
    const first = check.Errors(value).First();
    return { error: new Error(first ? `${first.path || '(body)'}: ${first.message}` : 'invalid') };
  };
};

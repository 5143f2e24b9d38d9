import { isErrorCode, MadoguchiError } from '@madoguchi/protocol/errors';
import ServiceError from './ServiceError';

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/**
 * One JSON call. A refusal `{code, message}` becomes a MadoguchiError with that code, so the screen can say the
 * code's own sentence (HOLDER_SUSPENDED, NOT_ELIGIBLE …); anything else that fails is a ServiceError.
 */
export async function requestJson<T>(
  fetcher: Fetcher,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const { token, body } = options;
  let res: Response;
  try {
    res = await fetcher(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ServiceError(`${url}: no answer`, { cause: error });
  }
  const answer: unknown = await res.json().catch(() => undefined);
  if (res.ok) return answer as T;
  const code = (answer as { code?: unknown } | undefined)?.code;
  if (isErrorCode(code)) throw new MadoguchiError(code, `${url}: refused`);
  throw new ServiceError(`${url}: HTTP ${res.status}`);
}

import { isMadoguchiError } from '@madoguchi/protocol/errors';
import type { ErrorCode } from '@madoguchi/protocol/errors';
import type { Counter } from './counter';

/**
 * One call to a service. A refusal the flow answers itself (NOT_FOUND before a bus pass is issued, LINK_REQUIRED
 * before a first hospital visit) goes to its handler; any other failure is shown plainly. Undefined unless it worked.
 */
export async function callService<T>(
  counter: Counter,
  ask: () => Promise<T>,
  handlers: Partial<Record<ErrorCode, () => void>> = {},
): Promise<T | undefined> {
  try {
    return await ask();
  } catch (error) {
    const handle = isMadoguchiError(error) ? handlers[error.code] : undefined;
    if (handle) handle();
    else counter.failed(error);
    return undefined;
  }
}

import { MadoguchiError, type ProgressStep } from '@madoguchi/protocol';
import type { OperationIo, PinRequest } from '../../src/domain/operation';
import { PinSecret } from '../../src/domain/pin-secret';

export type ScriptedAnswer = { pin: string; confirmLastTry?: boolean } | 'cancel';

/**
 * An OperationIo that answers PIN requests from a script, in order, and records what the flow asked and reported.
 * 'cancel' aborts the operation instead of answering; running out of answers fails the test loudly.
 */
export function scriptedIo(answers: ScriptedAnswer[] = []) {
  const controller = new AbortController();
  const steps: ProgressStep[] = [];
  const requests: PinRequest[] = [];
  const secrets: PinSecret[] = [];
  const io: OperationIo = {
    signal: controller.signal,
    progress: (step) => steps.push(step),
    askPin: async (request) => {
      requests.push(request);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected PIN request ${JSON.stringify(request)}`);
      if (answer === 'cancel') {
        controller.abort();
        throw new MadoguchiError('CANCELLED', 'cancelled');
      }
      const pin = PinSecret.fromText(answer.pin);
      secrets.push(pin);
      return { pin, confirmLastTry: answer.confirmLastTry ?? false };
    },
  };
  return { io, steps, requests, secrets, controller };
}

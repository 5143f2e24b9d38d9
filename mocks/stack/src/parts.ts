import { startChild, waitReady, type Child } from './processes';

/** One part of the stack that can be stopped and started again on its own (the fault drills do that). */
export interface Part {
  readonly name: string;
  /** Fails when it is running already. */
  start(): Promise<void>;
  /** Does nothing when it is not running. */
  stop(): Promise<void>;
}

export interface ChildPartSpec {
  name: string;
  /** Read at every start: the card's command names the network namespace of the pcscd running now. */
  argv: () => string[];
  ready: (child: Child) => boolean | Promise<boolean>;
  env?: NodeJS.ProcessEnv;
  stopSignal?: NodeJS.Signals;
}

/** A part that is one child process, its log in LOGS/NAME.log; start() resolves once it is ready. */
export function childPart(
  spec: ChildPartSpec,
  logs: string,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Part {
  let child: Child | undefined;
  return {
    name: spec.name,
    async start() {
      if (child && !child.exited()) throw new Error(`${spec.name} is running already`);
      const started = startChild({
        name: spec.name,
        argv: spec.argv(),
        logs,
        ...(spec.env ? { env: spec.env } : {}),
        ...(spec.stopSignal ? { stopSignal: spec.stopSignal } : {}),
      });
      child = started;
      await waitReady(
        started,
        () => (options.signal?.throwIfAborted(), spec.ready(started)),
        options.timeoutMs,
      );
    },
    async stop() {
      await child?.stop();
      child = undefined;
    },
  };
}

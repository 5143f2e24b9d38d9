import { spawn, type ChildProcess } from 'node:child_process';
import { isErrorCode, MadoguchiError } from '@madoguchi/protocol';
import type { PcscNotice, PcscProcessOptions, PcscRequest } from './pcsc-ipc';

export interface PcscChildOptions {
  /** pcsc-process.js (or .ts with a TypeScript loader in execArgv). */
  entry: string;
  execArgv: readonly string[];
  process: PcscProcessOptions;
  /** A request outstanding this long makes us ping the child; a ping unanswered as long gets it killed. */
  stallMs: number;
  /** Longest any one request may take (a signature included) before the child is killed. */
  requestTimeoutMs: number;
  /** Longest a PC/SC context open (SCardEstablishContext, on the child's main thread) may take. */
  openTimeoutMs: number;
}

type Notice = Exclude<PcscNotice, { kind: 'reply' }>;
type Op = PcscRequest['op'];
interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * One pcsc-process.ts child, seen as request/reply plus its notices. Every request is bounded: the child is killed
 * when a request outlives `requestTimeoutMs`, when it stops answering pings while a request is outstanding, or when
 * opening a PC/SC context does not end. Nothing runs while no request is outstanding (no idle timer).
 * Once it has exited, every pending and later request rejects READER_MISSING.
 */
export class PcscChild {
  readonly #child: ChildProcess;
  readonly #options: PcscChildOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #lastId = 0;
  #watch: NodeJS.Timeout | undefined;
  #ping: number | undefined;
  #opening: NodeJS.Timeout | undefined;
  #why: string | undefined;
  #gone = false;

  constructor(options: PcscChildOptions, onNotice: (notice: Notice) => void, onExit: (why: string) => void) {
    this.#options = options;
    this.#child = spawn(
      process.execPath,
      [...options.execArgv, options.entry, JSON.stringify(options.process)],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
    );
    this.#exited = new Promise<void>((resolve) => {
      const gone = (why: string) => {
        if (this.#gone) return;
        this.#gone = true;
        clearTimeout(this.#watch);
        clearTimeout(this.#opening);
        const error = new MadoguchiError('READER_MISSING', `the PC/SC process stopped (${why})`);
        for (const [, pending] of this.#pending) {
          clearTimeout(pending.timer);
          pending.reject(error);
        }
        this.#pending.clear();
        onExit(why);
        resolve();
      };
      this.#child.once('exit', (code, signal) => gone(this.#why ?? `exit ${signal ?? code}`));
      this.#child.once('error', (error) => gone(`could not run: ${error.message}`));
    });
    this.#child.on('message', (notice: PcscNotice) => {
      if (notice.kind === 'reply') return this.#reply(notice);
      if (notice.kind === 'context') {
        clearTimeout(this.#opening);
        if (notice.phase === 'opening') {
          this.#opening = setTimeout(
            () => this.kill(`opening PC/SC took over ${this.#options.openTimeoutMs} ms`),
            this.#options.openTimeoutMs,
          );
        }
      }
      onNotice(notice);
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  request<T>(op: Exclude<Op, 'ping'>, fields: Record<string, unknown> = {}): Promise<T> {
    return this.#send(op, fields).promise as Promise<T>;
  }

  /** SIGKILL; `why` is what onExit and the pending requests are told. */
  kill(why: string): void {
    if (this.#gone) return;
    this.#why ??= why;
    this.#child.kill('SIGKILL');
  }

  /** Asks the child to close its reader and exit; kills it after `ms`. */
  async close(ms: number): Promise<void> {
    if (this.#gone) return;
    const timer = setTimeout(() => this.kill(`did not exit within ${ms} ms of close`), ms);
    await Promise.all([this.request('close').catch(() => undefined), this.#exited]);
    clearTimeout(timer);
  }

  #send(op: Op, fields: Record<string, unknown>): { id: number; promise: Promise<unknown> } {
    const id = ++this.#lastId;
    const promise = new Promise<unknown>((resolve, reject) => {
      if (this.#gone) {
        reject(new MadoguchiError('READER_MISSING', 'the PC/SC process is not running'));
        return;
      }
      const timer = setTimeout(
        () => this.kill(`${op} took over ${this.#options.requestTimeoutMs} ms`),
        this.#options.requestTimeoutMs,
      );
      this.#pending.set(id, { resolve, reject, timer });
      this.#child.send({ id, op, ...fields }, (error) => {
        if (error) this.kill(`IPC failed: ${error.message}`);
      });
      this.#watch ??= setTimeout(() => this.#check(), this.#options.stallMs);
    });
    return { id, promise };
  }

  /** While requests are outstanding: the last ping must have been answered, then a new one goes out. */
  #check(): void {
    this.#watch = undefined;
    if (this.#pending.size === 0) return;
    if (this.#ping !== undefined) return this.kill(`stopped answering for ${this.#options.stallMs} ms`);
    const ping = this.#send('ping', {});
    this.#ping = ping.id;
    ping.promise.then(
      () => (this.#ping = undefined),
      () => undefined,
    );
  }

  #reply(notice: Extract<PcscNotice, { kind: 'reply' }>): void {
    const pending = this.#pending.get(notice.id);
    if (!pending) return;
    this.#pending.delete(notice.id);
    clearTimeout(pending.timer);
    if (!('error' in notice)) return pending.resolve(notice.value);
    const { code, message } = notice.error;
    pending.reject(new MadoguchiError(code && isErrorCode(code) ? code : 'CARD_UNREADABLE', message));
  }
}

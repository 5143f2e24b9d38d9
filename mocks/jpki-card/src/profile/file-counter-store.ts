import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { assertTriesInRange, type CounterStore } from '../domain/counter-store';
import { Tries } from './card-profile';
import { checkValue, parseJson, readConfigText } from './config-file';

const CountersFileSchema = Type.Object(
  {
    auth: Type.Optional(Tries('auth')),
    sign: Type.Optional(Tries('sign')),
    cardInfo: Type.Optional(Tries('cardInfo')),
  },
  { additionalProperties: false },
);
type CountersFile = Static<typeof CountersFileSchema>;

/**
 * PIN retry counters in a small JSON file, so a PIN blocked in one run of the simulator stays blocked in the next.
 * Writes go to a temporary file renamed over the old one: a crash mid-write leaves the old counters, never half a
 * file. Writes from one store are serialised so that none is lost.
 */
export function createFileCounterStore(path: string): CounterStore {
  let writes: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<CountersFile> => {
    const text = await readConfigText(path);
    return text === undefined ? {} : checkValue(CountersFileSchema, parseJson(text, path), path);
  };

  const write = async (counters: CountersFile): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(counters, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  };

  return {
    get: async (kind) => (await read())[kind],
    set: async (kind, triesLeft) => {
      assertTriesInRange(kind, triesLeft);
      const done = writes.then(async () => write({ ...(await read()), [kind]: triesLeft }));
      writes = done.catch(() => undefined);
      await done;
    },
  };
}

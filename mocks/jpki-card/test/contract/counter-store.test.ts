import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIN_POLICY, type PinKind } from '@madoguchi/protocol';
import { createMemoryCounterStore, type CounterStore } from '../../src/domain/counter-store';
import { createFileCounterStore } from '../../src/profile/file-counter-store';

/** How to make a store, and another store over the same backing (a second run of the simulator). */
interface StoreFactory {
  fresh(): CounterStore;
  reopen(): CounterStore;
  cleanUp(): void;
}

function memoryFactory(): StoreFactory {
  let store: CounterStore | undefined;
  return {
    fresh: () => (store = createMemoryCounterStore()),
    reopen: () => store!,
    cleanUp: () => undefined,
  };
}

function fileFactory(): StoreFactory {
  const dir = mkdtempSync(join(tmpdir(), 'counter-store-'));
  // A directory that does not exist yet: the store creates it on first write.
  const path = join(dir, 'state', 'counters.json');
  return {
    fresh: () => createFileCounterStore(path),
    reopen: () => createFileCounterStore(path),
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const KINDS: PinKind[] = ['auth', 'sign', 'cardInfo'];

describe.each([
  ['in memory', memoryFactory],
  ['in a JSON file', fileFactory],
])('CounterStore %s', (_name, makeFactory) => {
  let factory: StoreFactory;
  let store: CounterStore;
  beforeEach(() => {
    factory = makeFactory();
    store = factory.fresh();
  });
  afterEach(() => factory.cleanUp());

  it('has no value for a PIN never written', async () => {
    for (const kind of KINDS) expect(await store.get(kind)).toBeUndefined();
  });

  it('returns what was set, per PIN', async () => {
    await store.set('auth', 2);
    await store.set('sign', 0);
    expect(await store.get('auth')).toBe(2);
    expect(await store.get('sign')).toBe(0);
    expect(await store.get('cardInfo')).toBeUndefined();
  });

  it('overwrites a value', async () => {
    await store.set('cardInfo', 1);
    await store.set('cardInfo', 3);
    expect(await store.get('cardInfo')).toBe(3);
  });

  it('keeps values for the next store over the same backing', async () => {
    await store.set('auth', 1);
    await store.set('sign', 4);
    const again = factory.reopen();
    expect(await again.get('auth')).toBe(1);
    expect(await again.get('sign')).toBe(4);
  });

  it('loses no write when several are in flight', async () => {
    await Promise.all([
      store.set('auth', 1),
      store.set('sign', 2),
      store.set('cardInfo', 0),
      store.set('sign', 3),
    ]);
    expect([await store.get('auth'), await store.get('sign'), await store.get('cardInfo')]).toEqual([
      1, 3, 0,
    ]);
  });

  it.each(KINDS)('refuses a %s counter outside 0..maxTries and keeps the old one', async (kind) => {
    await store.set(kind, 1);
    for (const bad of [-1, PIN_POLICY[kind].maxTries + 1, 1.5, Number.NaN]) {
      await expect(store.set(kind, bad)).rejects.toThrow(RangeError);
    }
    expect(await store.get(kind)).toBe(1);
  });

  it.each(KINDS)('accepts every %s counter from 0 to maxTries', async (kind) => {
    for (let tries = 0; tries <= PIN_POLICY[kind].maxTries; tries++) {
      await store.set(kind, tries);
      expect(await store.get(kind)).toBe(tries);
    }
  });
});

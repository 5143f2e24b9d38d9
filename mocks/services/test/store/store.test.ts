import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryStore } from '../../src/store/memory-store';
import { sqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';

// The contract every store keeps, run against both implementations.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const stores: [string, () => Store][] = [
  ['memory', memoryStore],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-services-'));
      dirs.push(dir);
      return sqliteStore(path.join(dir, 'test.db'));
    },
  ],
];

describe.each(stores)('%s store', (_name, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
  });
  afterEach(() => store.close());

  it('keeps records per collection, replaces by id in place, deletes, and lists in insertion order', () => {
    const a = store.collection<{ n: number }>('a');
    a.put('x', { n: 1 });
    a.put('y', { n: 2 });
    a.put('x', { n: 3 });
    store.collection<{ n: number }>('b').put('x', { n: 9 });
    expect(a.get('x')).toEqual({ n: 3 });
    expect(a.list()).toEqual([{ n: 3 }, { n: 2 }]);
    a.delete('y');
    expect(a.get('y')).toBeUndefined();
    expect(store.collection('b').list()).toEqual([{ n: 9 }]);
  });

  it('never shares a mutable object with the caller', () => {
    const c = store.collection<{ tags: string[] }>('c');
    const value = { tags: ['a'] };
    c.put('k', value);
    value.tags.push('b');
    c.get('k')!.tags.push('c');
    expect(c.get('k')).toEqual({ tags: ['a'] });
  });

  it('counts up from 1 per counter', () => {
    expect([store.increment('q'), store.increment('q'), store.increment('r')]).toEqual([1, 2, 1]);
  });
});

it('a SQLite store keeps its data across a reopen', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-services-'));
  dirs.push(dir);
  const file = path.join(dir, 'kept.db');
  const first = sqliteStore(file);
  first.collection('passes').put('p', { ok: true });
  first.increment('queue');
  first.close();
  const again = sqliteStore(file);
  expect(again.collection('passes').get('p')).toEqual({ ok: true });
  expect(again.increment('queue')).toBe(2);
  again.close();
});

// Logging out (or a revoked device) leaves nothing of the account behind, the office's kept
// figures in localStorage included, while other sites' keys stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory } from 'fake-indexeddb';
import { openDb } from '../../pwa/js/db.js';
import { createFiguresCache } from '../../pwa/js/reports.js';

function fakeLocalStorage() {
  const ls = {};
  for (const [name, fn] of Object.entries({
    getItem: (k) => (Object.hasOwn(ls, k) ? ls[k] : null),
    setItem: (k, v) => { ls[k] = String(v); },
    removeItem: (k) => { delete ls[k]; },
  })) Object.defineProperty(ls, name, { value: fn, enumerable: false });
  return ls;
}

test('clearing the account data forgets the kept figures of every account', async () => {
  const ls = fakeLocalStorage();
  const previous = globalThis.localStorage;
  globalThis.localStorage = ls;
  try {
    const db = await openDb(new IDBFactory(), 'wipe');
    createFiguresCache(ls, 'u1').save({ from: '2026-01-01', to: '2026-12-31' }, { n: 1 }, 'now');
    createFiguresCache(ls, 'u2').save({ from: '2026-01-01', to: '2026-12-31' }, { n: 2 }, 'now');
    ls.setItem('autre-chose', 'garde');
    await db.setMeta('device_id', 'dev-1');
    await db.clearAccountData();
    assert.equal(createFiguresCache(ls, 'u1').find({ from: '2026-01-01', to: '2026-12-31' }), null);
    assert.deepEqual(Object.keys(ls), ['autre-chose']);
    assert.equal(await db.getMeta('device_id'), 'dev-1');
  } finally {
    globalThis.localStorage = previous;
  }
});

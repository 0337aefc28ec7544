// Shared helpers of the JS unit tests: a fresh IndexedDB (fake-indexeddb) per test.
import { IDBFactory } from 'fake-indexeddb';
import { openDb } from '../../pwa/js/db.js';
import { createOutbox } from '../../pwa/js/outbox.js';

export async function freshDb() {
  return openDb(new IDBFactory(), 'test');
}

export function counterUuid(prefix = 'm') {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export async function setup() {
  const db = await freshDb();
  const outbox = createOutbox(db, { uuid: counterUuid(), now: () => '2026-11-25T09:00:00Z' });
  return { db, outbox };
}

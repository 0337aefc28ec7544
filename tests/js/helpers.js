// Shared helpers of the JS unit tests: a fresh IndexedDB (fake-indexeddb) per test.
import { IDBFactory } from 'fake-indexeddb';
import { openDb } from '../../pwa/js/db.js';
import { createOutbox } from '../../pwa/js/outbox.js';
import { createApi } from '../../pwa/js/api.js';
import { createAuth } from '../../pwa/js/auth.js';
import { createSync } from '../../pwa/js/sync.js';

// A data key as the app holds it after sign-in: every sealed store is encrypted in these tests.
export function testKey() {
  return globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function openSealed(idb, name) {
  const db = await openDb(idb, name);
  db.setKey(await testKey());
  return db;
}

export async function freshDb() {
  return openSealed(new IDBFactory(), 'test');
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

// A signed-in device talking to a FakeServer: db, outbox, auth, api and the sync engine.
export async function device(server, name = 'tablette', { role = 'referent', ...syncOptions } = {}) {
  const db = await openSealed(new IDBFactory(), name);
  const uuid = counterUuid(name);
  const outbox = createOutbox(db, { uuid });
  const auth = createAuth(db, { fetchFn: server.fetch, locks: null, uuid });
  await db.setMeta('auth', { access_token: server.tokens.access, refresh_token: server.tokens.refresh, user: { id: 'u1', role, name: 'Réf' } });
  await auth.load();
  const api = createApi({ fetchFn: server.fetch, auth });
  const revoked = [];
  const sync = createSync({ db, api, outbox, auth, onRevoked: async (e) => revoked.push(e), ...syncOptions });
  return { db, outbox, auth, api, sync, revoked };
}

// IndexedDB wrapper: one object store per synced table, plus the outbox and local stores.
// Every method returns a promise; tx() runs several operations as one transaction. Stores that
// hold personal data are sealed with the data key (sealed.js) and go through buffered.js;
// the others (public catalogue, favourites, queued public requests, views) are plain.

import { isSealedStore, Locked } from './sealed.js';
import { SYNCED_TABLES, INDEXES } from './manifest.js';
import { BufferedOps, createExclusive } from './buffered.js';

export { Locked };

export const DB_NAME = 'mhj';
// 3: the `views` store (files opened, waiting to be sent to the audit log).
// 4: the `objectives` store (the action plan's objectives).
export const DB_VERSION = 4;

// The synced tables and their indexes come from the server's descriptions (manifest.js).
export { SYNCED_TABLES };

// Local stores: outbox (mutations in order), meta (key/value), favourites, public catalogue
// copy, requests (public calls queued offline), drafts (form drafts), rejections (server refusals),
// views (a person's file opened, until the audit log has it). Upgrades only add what is missing,
// from any older version: every store and record already there is kept.
function upgrade(db) {
  for (const table of SYNCED_TABLES) {
    if (db.objectStoreNames.contains(table)) continue;
    const store = db.createObjectStore(table, { keyPath: 'id' });
    for (const field of INDEXES[table] || []) store.createIndex(field, field);
  }
  const local = [['outbox', { keyPath: 'seq', autoIncrement: true }], ['meta', { keyPath: 'key' }],
    ['favourites', { keyPath: 'offer_id' }], ['public', { keyPath: 'name' }],
    ['requests', { keyPath: 'id' }], ['drafts', { keyPath: 'key' }],
    ['rejections', { keyPath: 'id' }], ['views', { keyPath: 'id' }]];
  for (const [name, options] of local) {
    if (db.objectStoreNames.contains(name)) continue;
    const store = db.createObjectStore(name, options);
    if (name === 'outbox') { store.createIndex('id', 'id', { unique: true }); store.createIndex('row_id', 'row_id'); }
  }
}

export function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Operations on one open transaction; awaiting them keeps the transaction alive.
// queuePut/queueDelete only queue the request: IndexedDB runs requests in order, a failure
// aborts the transaction, and tx() resolves once everything queued has committed.
class Ops {
  constructor(tx) { this.t = tx; }
  store(name) { return this.t.objectStore(name); }
  get(name, key) { return promisify(this.store(name).get(key)); }
  getAll(name, index, query) {
    const src = index ? this.store(name).index(index) : this.store(name);
    return promisify(src.getAll(query));
  }
  put(name, value) { return promisify(this.store(name).put(value)); }
  add(name, value) { return promisify(this.store(name).add(value)); }
  delete(name, key) { return promisify(this.store(name).delete(key)); }
  queuePut(name, value) { this.store(name).put(value); }
  queueDelete(name, key) { this.store(name).delete(key); }
  clear(name) { return promisify(this.store(name).clear()); }
  count(name) { return promisify(this.store(name).count()); }
  async getMeta(key, fallback = null) { const r = await this.get('meta', key); return r ? r.value : fallback; }
  setMeta(key, value) { return this.put('meta', { key, value }); }
}

export class Db {
  constructor(idb, name, { locks } = {}) {
    this.idb = idb; this.name = name; this.conn = null; this.key = null;
    this.exclusive = createExclusive(locks);
  }

  // The data key (a non-extractable CryptoKey) or null: without it, sealed data cannot be read
  // or written (Locked).
  setKey(key) { this.key = key || null; }
  hasKey() { return Boolean(this.key); }

  async open() {
    const request = this.idb.open(this.name, DB_VERSION);
    request.onupgradeneeded = () => upgrade(request.result);
    this.conn = await promisify(request);
    // Another tab upgrading the schema: let it, this tab will reload.
    this.conn.onversionchange = () => { this.conn.close(); this.conn = null; };
    return this;
  }

  // Run fn(ops) in one transaction; resolves with fn's result once the transaction committed.
  tx(stores, mode, fn) {
    const names = Array.isArray(stores) ? stores : [stores];
    if (names.some(isSealedStore)) return this.sealedTx(mode, fn);
    const tx = this.conn.transaction(names, mode);
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = (event) => reject((event && event.target && event.target.error) || tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction annulée'));
    });
    const result = Promise.resolve().then(() => fn(new Ops(tx))).catch((err) => {
      try { tx.abort(); } catch { /* already finished */ }
      throw err;
    });
    return Promise.all([result, done]).then(([value]) => value);
  }

  // Sealed stores: reads decrypted, writes kept until fn is done, then encrypted and committed
  // together under an exclusive lock (buffered.js).
  sealedTx(mode, fn) {
    const key = this.key;
    if (mode !== 'readwrite') return Promise.resolve().then(() => fn(new BufferedOps(this, key)));
    return this.exclusive(async () => {
      const ops = new BufferedOps(this, this.key);
      const value = await fn(ops);
      await ops.commit();
      return value;
    });
  }

  // The records as stored (sealed ones not opened): for sealing older clear records.
  rawAll(store) { return promisify(this.conn.transaction(store, 'readonly').objectStore(store).getAll()); }

  get(store, key) { return this.tx(store, 'readonly', (t) => t.get(store, key)); }
  getAll(store, index, query) { return this.tx(store, 'readonly', (t) => t.getAll(store, index, query)); }
  put(store, value) { return this.tx(store, 'readwrite', (t) => t.put(store, value)); }
  delete(store, key) { return this.tx(store, 'readwrite', (t) => t.delete(store, key)); }
  count(store) { return this.tx(store, 'readonly', (t) => t.count(store)); }
  getMeta(key, fallback = null) { return this.tx('meta', 'readonly', (t) => t.getMeta(key, fallback)); }
  setMeta(key, value) { return this.tx('meta', 'readwrite', (t) => t.setMeta(key, value)); }

  // Live rows of a table (tombstones are removed on pull, so every row is live).
  rows(table, index, query) { return this.getAll(table, index, query); }

  // Remove every record of the account and its keys (logout, another account, a revoked device):
  // `keepDevice` false also forgets this device's id and name.
  async clearAccountData({ keepDevice = true } = {}) {
    // Views go too: another account must not send them under its name.
    const stores = [...SYNCED_TABLES, 'outbox', 'meta', 'drafts', 'rejections', 'views'];
    await this.tx(stores, 'readwrite', async (t) => {
      const kept = keepDevice ? await Promise.all(['device_id', 'device_name'].map((k) => t.getMeta(k))) : [];
      for (const s of stores) await t.clear(s);
      if (kept[0]) await t.setMeta('device_id', kept[0]);
      if (kept[1]) await t.setMeta('device_name', kept[1]);
    });
    this.setKey(null);
    // The office's kept figures (reports.js) live in localStorage: they go with the account.
    const ls = globalThis.localStorage;
    if (ls) for (const key of Object.keys(ls)) if (key.startsWith('mhj-chiffres-')) ls.removeItem(key);
  }

  close() { if (this.conn) this.conn.close(); this.conn = null; }
}

export async function openDb(idb = globalThis.indexedDB, name = DB_NAME, options = {}) {
  return new Db(idb, name, options).open();
}

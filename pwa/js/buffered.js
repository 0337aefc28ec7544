// Transactions over sealed stores. WebCrypto is asynchronous and an IndexedDB transaction
// commits by itself as soon as it waits on anything else, so a transaction that reads, decrypts,
// changes and encrypts cannot be one IndexedDB transaction. Instead (same results as before for
// the callers of db.tx): a read-write transaction holds an exclusive lock (Web Locks, across tabs),
// reads the stores (reads issued together share one IndexedDB transaction) and decrypts them,
// keeps its writes in memory (later reads see them), then encrypts what it wrote and commits it in
// ONE IndexedDB transaction: all or nothing, and nothing is written if the work throws.

import { keyPathOf, needsSealing, openRecord, sealSplit, splitRecord } from './sealed.js';

const DELETED = Symbol('deleted');
const clone = (v) => globalThis.structuredClone(v);

// A queued write is a snapshot of the value (later changes by the caller do not leak in, as
// with IndexedDB): for a sealed value its clear fields and the JSON text to encrypt, made once.
const snapshot = (store, value) => (needsSealing(store, value) ? { split: splitRecord(store, value) } : { plain: clone(value) });
const valueOf = (entry) => (entry.plain ? clone(entry.plain) : { ...clone(entry.split.clear), ...JSON.parse(entry.split.json) });


// Reads queued in the same tick run in one read-only IndexedDB transaction.
class ReadBatch {
  constructor(conn) { this.conn = conn; this.pending = []; }

  // `make(objectStore)` builds the request; `pick(result)` runs in its success event.
  request(store, make, pick = (r) => r) {
    return new Promise((resolve, reject) => {
      this.pending.push({ store, make, pick, resolve, reject });
      if (this.pending.length === 1) queueMicrotask(() => this.flush());
    });
  }

  flush() {
    const batch = this.pending;
    this.pending = [];
    let tx;
    try {
      tx = this.conn.transaction([...new Set(batch.map((r) => r.store))], 'readonly');
    } catch (err) {
      for (const r of batch) r.reject(err);
      return;
    }
    for (const r of batch) {
      const req = r.make(tx.objectStore(r.store));
      req.onsuccess = () => r.resolve(r.pick(req.result));
      req.onerror = () => r.reject(req.error);
    }
  }
}

// Would IndexedDB index this value? (null, booleans and objects are left out of an index.)
function validKey(cmp, value) {
  if (value === undefined || value === null || typeof value === 'boolean') return false;
  try { cmp(value, value); return true; } catch { return false; }
}

function inRange(cmp, value, query) {
  if (!validKey(cmp, value)) return false;
  if (query === undefined || query === null) return true;
  if (typeof query === 'object' && typeof query.includes === 'function' && 'lower' in query) return query.includes(value);
  return cmp(value, query) === 0;
}

// The operations a db.tx callback receives (same names as db.js's Ops), on the buffer.
export class BufferedOps {
  constructor(db, key) {
    this.db = db;
    this.key = key;
    this.reads = new ReadBatch(db.conn);
    this.log = []; // {op: 'put'|'delete'|'clear', store, k, value}
    this.overlay = new Map(); // store -> {cleared, map: key -> value | DELETED}
    this.cmp = (a, b) => db.idb.cmp(a, b);
  }

  view(store) {
    if (!this.overlay.has(store)) this.overlay.set(store, { cleared: false, map: new Map() });
    return this.overlay.get(store);
  }

  async open(store, raw) { return openRecord(this.key, store, raw); }

  async get(store, key) {
    const o = this.overlay.get(store);
    if (o && o.map.has(key)) { const v = o.map.get(key); return v === DELETED ? undefined : valueOf(v); }
    if (o && o.cleared) return undefined;
    return this.open(store, await this.reads.request(store, (s) => s.get(key)));
  }

  async getAll(store, index, query) {
    const o = this.overlay.get(store);
    let rows = [];
    if (!(o && o.cleared)) {
      const raw = await this.reads.request(store, (s) => (index ? s.index(index) : s).getAll(query));
      rows = await Promise.all(raw.map((r) => this.open(store, r)));
    }
    if (!o || !o.map.size) return rows;
    const kp = keyPathOf(store);
    rows = rows.filter((r) => !o.map.has(r[kp]));
    for (const [k, entry] of o.map) {
      if (entry === DELETED) continue;
      const v = valueOf(entry);
      if (index ? inRange(this.cmp, v[index], query) : (query === undefined || query === null || inRange(this.cmp, k, query))) rows.push(v);
    }
    return rows.sort((a, b) => (index && this.cmp(a[index], b[index])) || this.cmp(a[kp], b[kp]));
  }

  // The records as stored (sealed ones not opened), this transaction's writes not included.
  rawAll(store) { return this.reads.request(store, (s) => s.getAll()); }

  async count(store) {
    const o = this.overlay.get(store);
    if (!o) return this.reads.request(store, (s) => s.count());
    const keys = new Set(o.cleared ? [] : await this.reads.request(store, (s) => s.getAllKeys()));
    for (const [k, v] of o.map) if (v === DELETED) keys.delete(k); else keys.add(k);
    return keys.size;
  }

  queuePut(store, value) {
    const k = value[keyPathOf(store)];
    if (k === undefined || k === null) throw new Error(`clé manquante : ${store}`);
    const entry = snapshot(store, value);
    this.view(store).map.set(k, entry);
    this.log.push({ op: 'put', store, k, entry });
    return k;
  }

  queueDelete(store, key) {
    this.view(store).map.set(key, DELETED);
    this.log.push({ op: 'delete', store, k: key });
  }

  async put(store, value) {
    if (store === 'outbox' && (value.seq === undefined || value.seq === null)) value.seq = await this.nextSeq();
    return this.queuePut(store, value);
  }

  add(store, value) { return this.put(store, value); }
  async delete(store, key) { this.queueDelete(store, key); }

  async clear(store) {
    this.overlay.set(store, { cleared: true, map: new Map() });
    this.log.push({ op: 'clear', store });
  }

  // The outbox's next key: past every key it ever had (a counter kept in meta), so that an
  // answer to a mutation sent earlier never finds a new mutation under the same number.
  async nextSeq() {
    if (this.seq === undefined) {
      const [last, counter] = await Promise.all([
        this.reads.request('outbox', (s) => s.openKeyCursor(null, 'prev'), (c) => (c ? c.key : 0)),
        this.getMeta('outbox_last_seq', 0)]);
      this.seq = Math.max(last, Number(counter) || 0);
    }
    this.seq += 1;
    this.queuePut('meta', { key: 'outbox_last_seq', value: this.seq });
    return this.seq;
  }

  async getMeta(key, fallback = null) { const r = await this.get('meta', key); return r ? r.value : fallback; }
  setMeta(key, value) { return this.put('meta', { key, value }); }

  // Encrypt the writes that last (the last one of each key, after the store's last clear) and
  // commit them in one IndexedDB transaction.
  async commit() {
    if (!this.log.length) return;
    const seen = new Set();
    const cleared = new Set();
    const kept = [];
    for (let i = this.log.length - 1; i >= 0; i -= 1) {
      const w = this.log[i];
      if (w.op === 'clear') { if (!cleared.has(w.store)) kept.push(w); cleared.add(w.store); continue; }
      const id = `${w.store}\u0000${typeof w.k}\u0000${w.k}`;
      if (seen.has(id) || cleared.has(w.store)) continue;
      seen.add(id);
      kept.push(w);
    }
    kept.reverse();
    const records = await Promise.all(kept.map((w) => {
      if (w.op !== 'put') return null;
      return w.entry.plain ? w.entry.plain : sealSplit(this.key, w.store, w.k, w.entry.split);
    }));
    const tx = this.db.conn.transaction([...new Set(kept.map((w) => w.store))], 'readwrite');
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = (event) => reject((event && event.target && event.target.error) || tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction annulée'));
    });
    kept.forEach((w, i) => {
      const s = tx.objectStore(w.store);
      if (w.op === 'clear') s.clear();
      else if (w.op === 'delete') s.delete(w.k);
      else s.put(records[i]);
    });
    await done;
  }
}

// Run `fn` alone: an exclusive Web Lock across the tabs, a promise chain where there is none.
export function createExclusive(locks = globalThis.navigator?.locks, name = 'mhj-db') {
  let chain = Promise.resolve();
  return (fn) => {
    if (locks) return locks.request(name, fn);
    const run = chain.then(fn, fn);
    chain = run.catch(() => {});
    return run;
  }
}

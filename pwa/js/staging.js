// Batched work inside ONE IndexedDB transaction: the records a step needs are read together
// (every request queued at once, a single wait), the step runs on this in-memory copy, and its
// writes are then queued in their original order without waiting for each. The caller awaits
// only the transaction's commit (db.tx), so the result is the same as awaiting every request
// one by one, in far fewer round trips.

const keyOf = (store, key) => `${store}\u0000${key}`;

export class Staging {
  constructor(t) {
    this.t = t;
    this.known = new Map(); // "store\0key" -> record (undefined: absent)
    this.writes = []; // [store, key, record | undefined] in the order they were made
  }

  // Read these [store, key] pairs, each once, all requests queued together.
  async load(pairs) {
    const reads = new Map();
    for (const [store, key] of pairs) {
      const id = keyOf(store, key);
      if (!this.known.has(id) && !reads.has(id)) reads.set(id, this.t.get(store, key));
    }
    const values = await Promise.all(reads.values());
    [...reads.keys()].forEach((id, i) => this.known.set(id, values[i]));
  }

  get(store, key) {
    const id = keyOf(store, key);
    if (!this.known.has(id)) throw new Error(`lecture non préparée : ${store}`);
    return this.known.get(id);
  }

  put(store, key, record) { this.known.set(keyOf(store, key), record); this.writes.push([store, key, record]); }

  delete(store, key) { this.known.set(keyOf(store, key), undefined); this.writes.push([store, key, undefined]); }

  // Queue every write on the transaction (not awaited: db.tx resolves after the commit).
  flush() {
    for (const [store, key, record] of this.writes) {
      if (record === undefined) this.t.queueDelete(store, key);
      else this.t.queuePut(store, record);
    }
    this.writes = [];
  }
}

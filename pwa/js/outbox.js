// The outbox: every local change is written to its row AND queued as a mutation, in one
// IndexedDB transaction. A mutation leaves the outbox only once the server acknowledged it.
//
// Rules (docs/pwa.md, « Sync rules on the device »):
// - base_version is the server version the person saw: the row's `_version` (last PULLED) or
//   the form's. Never one from a push answer: it may hold other devices' unseen changes. The
//   server lets a device's own earlier writes through (docs/sync-protocol.md).
// - One mutation per row in flight; a later change of the row waits. A change folds into the
//   row's last mutation while that one was never sent (`attempted`); a sent one is frozen.
// - Deleting a row whose creation never left the device forgets both.
// - Once answered, a row whose server copy (`_server`; a pending delete's `server`) is at least
//   as new as the answer becomes that copy with the remaining changes on top, even when pulls
//   passed that version. A refusal falls back to the copy in any case.

import { SYNCED_TABLES } from './db.js';
import { Staging } from './staging.js';
import { bySeq, fallBack, retarget, serverCopy } from './rows.js';

const STORES = [...SYNCED_TABLES, 'outbox', 'rejections', 'meta'];

export { bySeq };

// Pure: the mutations to send now, at most `max`, the first pending one of each row only.
export function selectBatch(mutations, max = 1000) {
  const seen = new Set();
  const batch = [];
  for (const m of [...mutations].sort(bySeq)) {
    if (seen.has(m.row_id)) continue;
    seen.add(m.row_id);
    if (m.base_pending) continue; // queued by an older app: waits for the earlier answer
    batch.push(m);
    if (batch.length >= max) break;
  }
  return batch;
}

// Pure: was this answer a refusal? A duplicate of one carries the original errors.
export function refused(r) {
  return r.status === 'rejected' || (r.status === 'duplicate' && Boolean(r.errors));
}

// Pure: did this mutation create its row here, so that the server never heard of it?
// Entries from an older app have no `created`: theirs was a null base never inherited.
export function createdHere(m) {
  return m.created ?? (m.base_version === null && !m.base_pending);
}

// The outbox read once into memory, by row; its changes go through the staging's write queue.
class OutboxCopy {
  constructor(entries, staging) {
    this.s = staging;
    this.bySeq = new Map();
    this.byRow = new Map();
    for (const m of entries) this.add(m);
  }

  add(m) {
    this.bySeq.set(m.seq, m);
    if (!this.byRow.has(m.row_id)) this.byRow.set(m.row_id, new Map());
    this.byRow.get(m.row_id).set(m.seq, m);
  }

  drop(seq) {
    const old = this.bySeq.get(seq);
    if (old) { this.bySeq.delete(seq); this.byRow.get(old.row_id).delete(seq); }
  }

  get(seq) { return this.bySeq.get(seq); }
  ofRow(rowId) { return [...(this.byRow.get(rowId) || new Map()).values()].sort(bySeq); }
  put(m) { this.drop(m.seq); this.add(m); this.s.put('outbox', m.seq, m); }
  delete(seq) { this.drop(seq); this.s.delete('outbox', seq); }
}

// One answer to one pushed mutation, applied to the staged rows and outbox copy.
function applyResult(s, queue, sent, r, at, summary) {
  // The stored entry, not the batch's copy: pulls since may have renewed its server copy.
  const m = queue.get(sent.seq) || sent;
  queue.delete(m.seq);
  let rowId = m.row_id;
  const row = s.get(m.table, m.row_id);
  if (refused(r)) {
    summary.rejected += 1;
    s.put('rejections', m.id, { id: m.id, table: m.table, row_id: m.row_id, op: m.op, fields: m.fields, errors: r.errors || {}, at });
    const back = fallBack(m, row, queue.ofRow(rowId), r.version);
    const kept = back === undefined ? row : back;
    if (kept) s.put(m.table, m.row_id, { ...kept, _rejected: r.errors || {} });
    else if (row) s.delete(m.table, m.row_id);
  } else {
    if (r.conflict_id) summary.conflicts += 1;
    else summary.applied += 1;
    if (r.row_id && r.row_id !== m.row_id) {
      // Attendance merged into the canonical row: ours dropped, our queued changes moved onto
      // it, shown as pulled with them on top; not pulled here, the next pull brings it if live.
      rowId = r.row_id;
      const canonical = s.get(m.table, rowId);
      const copy = serverCopy(canonical, queue.ofRow(rowId).find((o) => o.server));
      for (const other of queue.ofRow(m.row_id)) queue.put(retarget(other, rowId, copy));
      if (row) s.delete(m.table, m.row_id);
      const back = canonical && fallBack({ row_id: rowId }, canonical, queue.ofRow(rowId), r.version);
      if (back) s.put(m.table, rowId, back);
      else if (back === null) s.delete(m.table, rowId);
    } else if (r.version != null) {
      // A copy pulled at or past the answer's version already shows what this change did
      // (kept values after a conflict, or later writes over ours): the row becomes that copy
      // with the remaining changes on top, as no later pull will bring that version again.
      const back = fallBack(m, row, queue.ofRow(rowId), r.version);
      if (back) s.put(m.table, m.row_id, back);
      else if (back === null && row) s.delete(m.table, m.row_id);
      else if (row && row._rejected) {
        const { _rejected, ...clean } = row;
        s.put(m.table, m.row_id, clean);
      }
    }
  }
  const next = queue.ofRow(rowId)[0];
  // Entries queued by an older app wait here; they take this one's base, never the answer's.
  if (next && next.base_pending) queue.put({ ...next, base_pending: false, base_version: m.base_version ?? null });
}

export function createOutbox(db, { now = () => new Date().toISOString(), uuid = () => crypto.randomUUID() } = {}) {
  const listeners = new Set();
  const notify = (reason) => { for (const fn of listeners) fn(reason); };

  // Write a change locally and queue it. `fields` go to the server; `localFields` stay here.
  // `baseVersion`: the version the person saw when opening the form (default: the row's).
  async function record(table, rowId, fields, { op = 'upsert', localFields = {}, baseVersion } = {}) {
    if (!SYNCED_TABLES.includes(table)) throw new Error(`table inconnue : ${table}`);
    const mutationId = await db.tx([table, 'outbox'], 'readwrite', async (t) => {
      const row = await t.get(table, rowId);
      if (op === 'delete') await t.delete(table, rowId);
      else await t.put(table, { ...(row || { id: rowId, _version: null }), ...fields, ...localFields, id: rowId });
      const pending = (await t.getAll('outbox', 'row_id', rowId)).sort(bySeq);
      const last = pending[pending.length - 1];
      // A delete keeps the server's copy of the row it removes, to come back if refused.
      const server = op === 'delete' ? serverCopy(row) : undefined;
      const keep = server ? { server } : {};
      if (last && !last.attempted) {
        if (op === 'upsert' && last.op === 'upsert') {
          // The earlier base stays: the fields folded before were typed against it.
          await t.put('outbox', { ...last, fields: { ...last.fields, ...fields }, client_ts: now() });
          return last.id;
        }
        if (op === 'delete' && last.op === 'upsert') {
          if (pending.length === 1 && createdHere(last)) {
            await t.delete('outbox', last.seq); // created and deleted here: the server never knew
            return null;
          }
          await t.put('outbox', { ...last, op: 'delete', fields: {}, client_ts: now(), ...keep });
          return last.id;
        }
      }
      const mutation = {
        id: uuid(), table, op, row_id: rowId, fields: op === 'delete' ? {} : { ...fields },
        base_version: baseVersion !== undefined ? baseVersion : (row ? row._version ?? null : null),
        created: !row && !pending.length, client_ts: now(), attempted: false, ...keep,
      };
      await t.add('outbox', mutation);
      return mutation.id;
    });
    notify('record');
    return mutationId;
  }

  async function all() { return (await db.getAll('outbox')).sort(bySeq); }

  // Pick the next batch and mark it attempted BEFORE it is sent: from then on it is frozen.
  async function takeBatch(max = 1000) {
    return db.tx('outbox', 'readwrite', async (t) => {
      const batch = selectBatch(await t.getAll('outbox'), max);
      for (const m of batch) if (!m.attempted) { m.attempted = true; t.queuePut('outbox', m); }
      return batch;
    });
  }

  // Apply the server's answers to a pushed batch, in one transaction: the outbox and the rows
  // concerned are read at once, the answers applied in batch order on that copy, and the
  // writes queued together (see staging.js).
  async function applyResults(batch, results, { at = now() } = {}) {
    const byId = new Map(results.map((r) => [r.id, r]));
    const answered = batch.filter((m) => byId.has(m.id)); // no answer: sent again, same id
    const summary = { applied: 0, conflicts: 0, rejected: 0 };
    await db.tx(STORES, 'readwrite', async (t) => {
      const s = new Staging(t);
      const reads = answered.flatMap((m) => [[m.table, m.row_id], [m.table, byId.get(m.id).row_id || m.row_id]]);
      const [entries] = await Promise.all([t.getAll('outbox'), s.load(reads)]);
      const queue = new OutboxCopy(entries, s);
      for (const m of answered) applyResult(s, queue, m, byId.get(m.id), at, summary);
      s.flush();
    });
    notify('ack');
    return summary;
  }

  return {
    record, all, takeBatch, applyResults,
    count: () => db.count('outbox'),
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    notify,
  };
}

// Strip local bookkeeping before sending (attempted, seq, created, server are ours).
export function toWire(m) {
  return { id: m.id, table: m.table, op: m.op, row_id: m.row_id, base_version: m.base_version, fields: m.fields, client_ts: m.client_ts };
}

// The outbox: every local change is written to its row AND queued as a mutation, in one
// IndexedDB transaction. A mutation leaves the outbox only once the server acknowledged it.
//
// Rules (see docs/pwa.md):
// - One mutation per row is in flight at a time: a later change of the same row waits, and its
//   base_version is taken from the server's answer to the earlier one ("base_pending").
// - A change is folded into the row's last mutation while that one was never sent
//   (never `attempted`); a sent mutation is never changed, so a retry reuses its id as is.
// - Deleting a row whose creation never left the device simply forgets both.

import { SYNCED_TABLES } from './db.js';

const STORES = [...SYNCED_TABLES, 'outbox', 'rejections', 'meta'];

export function bySeq(a, b) { return a.seq - b.seq; }

// Pure: the mutations to send now, at most `max`, the first pending one of each row only.
export function selectBatch(mutations, max = 1000) {
  const seen = new Set();
  const batch = [];
  for (const m of [...mutations].sort(bySeq)) {
    if (seen.has(m.row_id)) continue;
    seen.add(m.row_id);
    if (m.base_pending) continue; // waits for the answer to an earlier mutation of its row
    batch.push(m);
    if (batch.length >= max) break;
  }
  return batch;
}

// Pure: the base version a row's next mutation inherits from the server's answer.
export function inheritedBase(mutation, result) {
  if (result.status === 'conflict' || result.status === 'rejected') return mutation.base_version ?? null;
  return result.version ?? mutation.base_version ?? null;
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
      if (last && !last.attempted) {
        if (op === 'upsert' && last.op === 'upsert') {
          await t.put('outbox', { ...last, fields: { ...last.fields, ...fields }, client_ts: now() });
          return last.id;
        }
        if (op === 'delete' && last.op === 'upsert') {
          if (pending.length === 1 && last.base_version === null && !last.base_pending) {
            await t.delete('outbox', last.seq); // created and deleted here: the server never knew
            return null;
          }
          await t.put('outbox', { ...last, op: 'delete', fields: {}, client_ts: now() });
          return last.id;
        }
      }
      const mutation = {
        id: uuid(), table, op, row_id: rowId, fields: op === 'delete' ? {} : { ...fields },
        base_version: pending.length ? null : (baseVersion !== undefined ? baseVersion : (row ? row._version ?? null : null)),
        base_pending: pending.length > 0, client_ts: now(), attempted: false,
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
      for (const m of batch) if (!m.attempted) { m.attempted = true; await t.put('outbox', m); }
      return batch;
    });
  }

  // Apply the server's answers to a pushed batch, in one transaction.
  async function applyResults(batch, results, { at = now() } = {}) {
    const byId = new Map(results.map((r) => [r.id, r]));
    const summary = { applied: 0, conflicts: 0, rejected: 0 };
    await db.tx(STORES, 'readwrite', async (t) => {
      for (const m of batch) {
        const r = byId.get(m.id);
        if (!r) continue; // no answer: it stays, and is sent again with the same id
        await t.delete('outbox', m.seq);
        let rowId = m.row_id;
        const row = await t.get(m.table, m.row_id);
        if (r.status === 'rejected') {
          summary.rejected += 1;
          await t.put('rejections', { id: m.id, table: m.table, row_id: m.row_id, op: m.op, fields: m.fields, errors: r.errors || {}, at });
          if (row) await t.put(m.table, { ...row, _rejected: r.errors || {} });
        } else {
          if (r.conflict_id) summary.conflicts += 1;
          else summary.applied += 1;
          if (r.row_id && r.row_id !== m.row_id) {
            // Attendance merged into the canonical row: drop our copy, adopt the server's id.
            rowId = r.row_id;
            if (row) {
              await t.delete(m.table, m.row_id);
              const canonical = await t.get(m.table, rowId);
              await t.put(m.table, { ...row, ...(canonical || {}), id: rowId, _version: r.version ?? null });
            }
            for (const other of await t.getAll('outbox', 'row_id', m.row_id)) {
              await t.put('outbox', { ...other, row_id: rowId });
            }
          } else if (row && r.status !== 'conflict' && r.version != null) {
            const { _rejected, ...clean } = row;
            await t.put(m.table, { ...clean, _version: r.version });
          }
        }
        const next = (await t.getAll('outbox', 'row_id', rowId)).sort(bySeq)[0];
        if (next && next.base_pending) {
          await t.put('outbox', { ...next, base_pending: false, base_version: inheritedBase(m, r) });
        }
      }
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

// Strip local bookkeeping before sending (attempted, seq and base_pending are ours).
export function toWire(m) {
  return { id: m.id, table: m.table, op: m.op, row_id: m.row_id, base_version: m.base_version, fields: m.fields, client_ts: m.client_ts };
}

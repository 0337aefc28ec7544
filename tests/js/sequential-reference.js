// The first versions of mergePage and outbox.applyResults, which awaited every IndexedDB
// request one after the other. Kept as the reference the batched versions must match exactly
// (tests/js/batched.test.js). Not part of the app.
import { SYNCED_TABLES } from '../../pwa/js/db.js';
import { bySeq, inheritedBase } from '../../pwa/js/outbox.js';
import { rebase } from '../../pwa/js/merge.js';

export async function mergePageSequential(db, page, { at = new Date().toISOString() } = {}) {
  let count = 0;
  await db.tx([...SYNCED_TABLES, 'outbox', 'meta'], 'readwrite', async (t) => {
    for (const change of page.changes || []) {
      if (!SYNCED_TABLES.includes(change.table)) continue;
      const pending = await t.getAll('outbox', 'row_id', change.row_id);
      const row = rebase(change, pending);
      if (row) await t.put(change.table, row);
      else await t.delete(change.table, change.row_id);
      count += 1;
    }
    await t.setMeta('cursor', page.cursor ?? null);
    if (!page.has_more) await t.setMeta('last_pull', at);
  });
  return count;
}

export async function applyResultsSequential(db, batch, results, { at }) {
  const byId = new Map(results.map((r) => [r.id, r]));
  const summary = { applied: 0, conflicts: 0, rejected: 0 };
  await db.tx([...SYNCED_TABLES, 'outbox', 'rejections', 'meta'], 'readwrite', async (t) => {
    for (const m of batch) {
      const r = byId.get(m.id);
      if (!r) continue;
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
  return summary;
}

// Every record of every store, to compare two databases.
export async function dump(db) {
  const out = {};
  for (const name of [...SYNCED_TABLES, 'outbox', 'meta', 'rejections']) out[name] = await db.getAll(name);
  return out;
}

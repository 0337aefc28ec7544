// The first versions of mergePage and outbox.applyResults, which awaited every IndexedDB
// request one after the other. Kept as the reference the batched versions must match exactly
// (tests/js/batched.test.js). Not part of the app.
import { SYNCED_TABLES } from '../../pwa/js/db.js';
import { bySeq, refused } from '../../pwa/js/outbox.js';
import { rebase } from '../../pwa/js/merge.js';
import { fallBack, pulledCopy, retarget, serverCopy } from '../../pwa/js/rows.js';
import { ERASURE_STORES, forgetErased } from '../../pwa/js/erasure.js';

export async function mergePageSequential(db, page, { at = new Date().toISOString() } = {}) {
  let count = 0;
  await db.tx(ERASURE_STORES, 'readwrite', async (t) => {
    const skip = await forgetErased(t, page.changes); // shared erasure step, not under test here
    for (const change of page.changes || []) {
      if (!SYNCED_TABLES.includes(change.table)) continue;
      if (skip.has(change.row_id)) { count += 1; continue; }
      const pending = await t.getAll('outbox', 'row_id', change.row_id);
      const row = rebase(change, pending);
      if (row) await t.put(change.table, row);
      else await t.delete(change.table, change.row_id);
      for (const m of pending) {
        if (m.op === 'delete' && m.table === change.table) await t.put('outbox', { ...m, server: pulledCopy(change) });
      }
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
    for (const sent of batch) {
      const r = byId.get(sent.id);
      if (!r) continue;
      const m = (await t.get('outbox', sent.seq)) || sent;
      await t.delete('outbox', m.seq);
      let rowId = m.row_id;
      const row = await t.get(m.table, m.row_id);
      const remaining = async () => (await t.getAll('outbox', 'row_id', m.row_id)).sort(bySeq);
      if (refused(r)) {
        summary.rejected += 1;
        await t.put('rejections', { id: m.id, table: m.table, row_id: m.row_id, op: m.op, fields: m.fields, errors: r.errors || {}, at });
        const back = fallBack(m, row, await remaining(), r.version);
        const kept = back === undefined ? row : back;
        if (kept) await t.put(m.table, { ...kept, _rejected: r.errors || {} });
        else if (row) await t.delete(m.table, m.row_id);
      } else {
        if (r.conflict_id) summary.conflicts += 1;
        else summary.applied += 1;
        if (r.row_id && r.row_id !== m.row_id) {
          rowId = r.row_id;
          const canonical = await t.get(m.table, rowId);
          const held = (await t.getAll('outbox', 'row_id', rowId)).sort(bySeq).find((o) => o.server);
          const copy = serverCopy(canonical, held);
          for (const other of await t.getAll('outbox', 'row_id', m.row_id)) {
            await t.put('outbox', retarget(other, rowId, copy));
          }
          if (row) await t.delete(m.table, m.row_id);
          const mine = (await t.getAll('outbox', 'row_id', rowId)).sort(bySeq);
          const back = canonical && fallBack({ row_id: rowId }, canonical, mine, r.version);
          if (back) await t.put(m.table, back);
          else if (back === null) await t.delete(m.table, rowId);
        } else if (r.version != null) {
          const back = fallBack(m, row, await remaining(), r.version);
          if (back) await t.put(m.table, back);
          else if (back === null && row) await t.delete(m.table, m.row_id);
          else if (row && row._rejected) {
            const { _rejected, ...clean } = row;
            await t.put(m.table, clean);
          }
        }
      }
      const next = (await t.getAll('outbox', 'row_id', rowId)).sort(bySeq)[0];
      if (next && next.base_pending) {
        await t.put('outbox', { ...next, base_pending: false, base_version: m.base_version ?? null });
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

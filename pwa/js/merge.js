// Merging pulled pages into the local database. The server's row replaces ours, then the
// changes still waiting in the outbox are laid on top again, so nothing typed here is hidden
// before the server acknowledged it; the server's copy is kept beside them (rows.js). The
// page's rows and the new cursor commit together. A person's tombstone wins over local
// changes: their erasure is applied first (erasure.js).

import { SYNCED_TABLES } from './db.js';
import { pulledCopy, rebase } from './rows.js';
import { ERASURE_STORES, forgetErased } from './erasure.js';

export { rebase };

const STORES = ERASURE_STORES; // the synced tables, outbox, meta, drafts and rejections

// Pure: pending mutations grouped by row id (rebase puts each list in order).
export function pendingByRow(mutations) {
  const byRow = new Map();
  for (const m of mutations) {
    const list = byRow.get(m.row_id);
    if (list) list.push(m); else byRow.set(m.row_id, [m]);
  }
  return byRow;
}

// Apply one page (pull answer) and store its cursor, in ONE transaction. The outbox is read
// once; the writes are queued without waiting for each, and only the commit is awaited.
// `keepCursor`: a table pulled again on its own (integrity.js) leaves the sync's cursor alone.
export async function mergePage(db, page, { at = new Date().toISOString(), keepCursor = false } = {}) {
  let count = 0;
  await db.tx(STORES, 'readwrite', async (t) => {
    const skip = await forgetErased(t, page.changes); // rows about an erased person: removed
    const pending = pendingByRow(await t.getAll('outbox'));
    for (const change of page.changes || []) {
      if (!SYNCED_TABLES.includes(change.table)) continue; // a newer server's table: ignore
      if (skip.has(change.row_id)) { count += 1; continue; }
      const list = pending.get(change.row_id) || [];
      const row = rebase(change, list);
      if (row) t.queuePut(change.table, row);
      else t.queueDelete(change.table, change.row_id);
      // A row deleted here has no local row to hold the server's copy: its delete holds it.
      for (const m of list) if (m.op === 'delete' && m.table === change.table) t.queuePut('outbox', Object.assign(m, { server: pulledCopy(change) }));
      count += 1;
    }
    if (keepCursor) return;
    t.queuePut('meta', { key: 'cursor', value: page.cursor ?? null });
    if (!page.has_more) t.queuePut('meta', { key: 'last_pull', value: at });
  });
  return count;
}

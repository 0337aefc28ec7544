// Merging pulled pages into the local database. The server's row replaces ours, then the
// changes still waiting in the outbox are laid on top again, so nothing typed here is hidden
// before the server acknowledged it. The page's rows and the new cursor commit together.

import { SYNCED_TABLES } from './db.js';
import { bySeq } from './outbox.js';

const STORES = [...SYNCED_TABLES, 'outbox', 'meta'];

// Pure: the local row after a pulled change, given the row's pending mutations (oldest first).
// Returns null when the row must not exist locally.
export function rebase(change, pending = []) {
  let row;
  if (change.deleted) {
    // Deleted on the server while we still edit it: keep ours, the server records a conflict.
    if (!pending.some((m) => m.op === 'upsert')) return null;
    row = { id: change.row_id, _version: change.version };
  } else {
    row = { ...(change.data || {}), id: change.row_id, _version: change.version };
  }
  for (const m of [...pending].sort(bySeq)) {
    if (m.op === 'delete') row = null;
    else row = { ...(row || { id: change.row_id, _version: change.version }), ...m.fields };
  }
  if (row) { delete row.version; delete row.deleted; }
  return row;
}

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
export async function mergePage(db, page, { at = new Date().toISOString() } = {}) {
  let count = 0;
  await db.tx(STORES, 'readwrite', async (t) => {
    const pending = pendingByRow(await t.getAll('outbox'));
    for (const change of page.changes || []) {
      if (!SYNCED_TABLES.includes(change.table)) continue; // a newer server's table: ignore
      const row = rebase(change, pending.get(change.row_id));
      if (row) t.queuePut(change.table, row);
      else t.queueDelete(change.table, change.row_id);
      count += 1;
    }
    t.queuePut('meta', { key: 'cursor', value: page.cursor ?? null });
    if (!page.has_more) t.queuePut('meta', { key: 'last_pull', value: at });
  });
  return count;
}

// Pure helpers on local rows. A row as stored here is the server's row as last pulled
// (`_version`, and a copy of its data in `_server`: null when deleted there) with the changes
// still in the outbox laid on top. With that copy, a change the server did not take (conflict,
// refusal) falls back to the server's row, even when pulls passed that version.

export function bySeq(a, b) { return a.seq - b.seq; }

// The server's copy of a pulled change: {version, data}, data null for a deletion.
export function pulledCopy(change) {
  return { version: change.version, data: change.deleted ? null : (change.data || {}) };
}

// The local row after a pulled change, given the row's pending mutations (any order).
// Returns null when the row must not exist locally.
export function rebase(change, pending = []) {
  const server = pulledCopy(change);
  let row;
  if (change.deleted) {
    // Deleted on the server while we still edit it: keep ours, the server records a conflict.
    if (!pending.some((m) => m.op === 'upsert')) return null;
    row = { id: change.row_id };
  } else {
    row = { ...server.data, id: change.row_id };
  }
  for (const m of [...pending].sort(bySeq)) {
    if (m.op === 'delete') row = null;
    else row = { ...(row || { id: change.row_id }), ...m.fields };
  }
  if (!row) return null;
  delete row.version; delete row.deleted;
  return { ...row, _version: server.version, _server: server.data };
}

// The server's copy known for a row: from the row itself, or from the pending delete that
// removed it here. Undefined when this device never pulled the row.
export function serverCopy(row, mutation) {
  if (row && '_server' in row) return { version: row._version ?? null, data: row._server };
  return mutation && mutation.server ? mutation.server : undefined;
}

// The row to show once `mutation` ended without being applied: the server's copy with the
// row's remaining changes on top; null when it must not exist. Undefined (keep the row) when
// there is no copy, or one older than `version` (the answer's): the next pull brings that
// version, and an older copy would hide what the server did meanwhile, such as the fields a
// `merged` mutation applied (a duplicate answer cannot tell it from a conflict).
export function fallBack(mutation, row, remaining, version = null) {
  const copy = serverCopy(row, mutation);
  if (!copy || (version != null && copy.version < version)) return undefined;
  const change = { row_id: mutation.row_id, version: copy.version, deleted: copy.data === null, data: copy.data };
  return rebase(change, remaining);
}

// A change moved onto a merged attendance's canonical row: based on its copy here, if any,
// which a delete keeps (docs/pwa.md).
export function retarget(m, rowId, copy) {
  const moved = { ...m, row_id: rowId };
  if (copy && !m.attempted) { moved.base_version = copy.version ?? null; if (m.base_pending) moved.base_pending = false; }
  if (copy && m.op === 'delete') moved.server = copy;
  return moved;
}

// Pure helpers on local rows. A row as stored here is the server's row as last pulled
// (`_version`, and a copy of its data in `_server`: null when deleted there) with the changes
// still in the outbox laid on top. Keeping the server's copy lets a change that the server did
// not take (conflict, rejected) fall back to what the server has, even when pulls have already
// moved past that version and will not bring the row again.

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
// row's remaining changes on top; null when it must not exist. Undefined (keep the row as it
// is) when there is no copy, or one older than `version`, the row's version in the answer:
// the server then has a version we never pulled, our cursor is below it, and the next pull
// brings it. Falling back to an older copy would hide what the server did meanwhile, such as
// the fields a `merged` mutation applied (a duplicate answer cannot tell it from a conflict).
export function fallBack(mutation, row, remaining, version = null) {
  const copy = serverCopy(row, mutation);
  if (!copy || (version != null && copy.version < version)) return undefined;
  const change = { row_id: mutation.row_id, version: copy.version, deleted: copy.data === null, data: copy.data };
  return rebase(change, remaining);
}

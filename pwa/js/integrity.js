// Does this device hold what the server says it should? Once a day, the sync's exchange asks
// for the server's digest (per table: a count and a SHA-256 of the sorted "id:version" lines
// of the rows in this device's scope at its cursor, GET /api/sync/digest gives the same); the
// device counts and hashes its own rows, leaving out those changed since (`newer`), and pulls
// again, on its own, every table that differs. Nothing typed here is touched: the check waits
// for an empty outbox, and a resync keeps the rows with changes waiting.

import { SYNCED_TABLES } from './db.js';
import { mergePage } from './merge.js';

export const CHECK_EVERY_MS = 20 * 60 * 60 * 1000; // at most once per day-end sync
const PAGE = 1000;

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

// SHA-256 of "id:version\n" lines sorted by id: what sync/digest.py computes.
export async function rowsHash(pairs) {
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = sorted.map(([id, version]) => `${id}:${version}\n`).join('');
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

// Pure: is a check due, given the last one ({at}) and now?
export function checkDue(last, now, everyMs = CHECK_EVERY_MS) {
  if (!last || !last.at) return true;
  const age = Date.parse(now) - Date.parse(last.at);
  return !(age >= 0 && age < everyMs);
}

export function createIntegrity({ db, api, now = () => new Date().toISOString() }) {
  async function held(table, leaveOut) {
    const rows = await db.rows(table);
    return rows.filter((r) => !leaveOut.has(r.id)).map((r) => [r.id, r._version ?? null]);
  }

  // Pull one table from its start with a cursor of this pass only, then drop the rows held
  // here that the server no longer gives (unless a change waits for them in the outbox).
  async function resync(table) {
    const given = new Set();
    let cursor = null;
    for (let page = 0; page < 100000; page += 1) {
      const params = new URLSearchParams({ table, limit: String(PAGE) });
      if (cursor) params.set('cursor', cursor);
      const answer = await api.get(`/api/sync/pull?${params}`);
      for (const change of answer.changes || []) given.add(change.row_id);
      await mergePage(db, answer, { at: now(), keepCursor: true });
      if (!answer.has_more || !answer.cursor || answer.cursor === cursor) break;
      cursor = answer.cursor;
    }
    const waiting = new Set((await db.getAll('outbox')).map((m) => m.row_id));
    for (const row of await db.rows(table)) if (!given.has(row.id) && !waiting.has(row.id)) await db.delete(table, row.id);
  }

  // Compare with a digest (from the exchange's answer); resync what differs; keep the result.
  async function verify(digest) {
    if (!digest || digest.too_far || (await db.count('outbox')) > 0) return null;
    const differing = [];
    let rows = 0;
    for (const [table, expected] of Object.entries(digest.tables || {})) {
      if (!SYNCED_TABLES.includes(table)) continue; // a newer server's table
      const pairs = await held(table, new Set((digest.newer || {})[table] || []));
      rows += pairs.length;
      if (pairs.length !== expected.count || (await rowsHash(pairs)) !== expected.hash) differing.push(table);
    }
    for (const table of differing) await resync(table);
    const result = { at: now(), rows, tables: Object.keys(digest.tables || {}).length, resynced: differing };
    await db.setMeta('integrity', result);
    return result;
  }

  async function due() { return checkDue(await db.getMeta('integrity'), now()); }

  return { verify, due, resync };
}

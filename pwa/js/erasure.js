// A person's erasure on this device. The server answers an erasure (RGPD right to erasure,
// POST /api/people/<id>/erase) with tombstones of the person and of the rows about them; a
// pulled tombstone of a person then removes from this device everything about them: the
// person, their rows (diagnostics, attendances, contacts, referrals, action steps, outcomes,
// objectives: every table the manifest names a person's),
// changes still waiting in the outbox (an offline edit must not bring them back), form
// drafts, refusals and conflicts. Ids are kept (ids only: the people in meta `erased_people`,
// every row removed in `erased_rows`) so that a row about them written later by a device that
// had not heard yet is not shown either, nor a conflict the server raised about them.

import { SYNCED_TABLES } from './db.js';
import { PERSON_TABLES } from './manifest.js';

export const PERSON_TABLE = 'beneficiaries';
// The tables of a person's file, from the server's descriptions (about_person).
export const DEPENDENT_TABLES = PERSON_TABLES;
export const ERASURE_STORES = [...SYNCED_TABLES, 'outbox', 'meta', 'drafts', 'rejections'];
const ERASED = 'erased_people';
const ERASED_ROWS = 'erased_rows';

// Pure: the people a page erases and those it has live again (the last change of each wins).
export function erasuresOf(changes = []) {
  const gone = new Set();
  const back = new Set();
  for (const c of changes) {
    if (c.table !== PERSON_TABLE) continue;
    if (c.deleted) { gone.add(c.row_id); back.delete(c.row_id); } else { back.add(c.row_id); gone.delete(c.row_id); }
  }
  return { gone, back };
}

const about = (value, ids) => typeof value === 'string' && ids.has(value);

// Remove, in transaction `t`, the people `gone`, their rows, and the rows `also` (ids by table);
// then what refers to any of them in the outbox, drafts, refusals and conflicts.
async function forget(t, gone, erased, also) {
  const ids = new Set(also.map(([, id]) => id));
  for (const [table, id] of also) t.queueDelete(table, id);
  for (const person of gone) {
    t.queueDelete(PERSON_TABLE, person);
    ids.add(person);
    const lists = await Promise.all(DEPENDENT_TABLES.map((table) => t.getAll(table, 'beneficiary_id', person)));
    DEPENDENT_TABLES.forEach((table, i) => { for (const row of lists[i]) { t.queueDelete(table, row.id); ids.add(row.id); } });
  }
  const [outbox, drafts, rejections, conflicts] = await Promise.all([
    t.getAll('outbox'), t.getAll('drafts'), t.getAll('rejections'), t.getMeta('conflicts', null)]);
  for (const m of outbox) {
    const fields = m.fields || {};
    if (!ids.has(m.row_id) && !about(fields.beneficiary_id, erased)) continue;
    t.queueDelete('outbox', m.seq);
    if (!ids.has(m.row_id)) { t.queueDelete(m.table, m.row_id); ids.add(m.row_id); } // a row written here about them
  }
  for (const d of drafts) {
    const values = Object.values(d.values || {});
    if ([...ids].some((id) => String(d.key).includes(id)) || values.some((v) => about(v, ids))) t.queueDelete('drafts', d.key);
  }
  for (const r of rejections) if (ids.has(r.row_id) || about((r.fields || {}).beneficiary_id, erased)) t.queueDelete('rejections', r.id);
  if (Array.isArray(conflicts)) {
    const kept = conflicts.filter((c) => !ids.has(c.row_id));
    if (kept.length !== conflicts.length) t.queuePut('meta', { key: 'conflicts', value: kept });
  }
  const rows = new Set([...((await t.getMeta(ERASED_ROWS, [])) || []), ...ids]);
  t.queuePut('meta', { key: ERASED_ROWS, value: [...rows] });
}

// Apply the erasures a pulled page carries, in transaction `t` (on ERASURE_STORES), BEFORE its
// rows are merged: returns the ids of the page's live rows about an erased person, which the
// merge must remove instead of storing. One meta read when nobody was ever erased.
export async function forgetErased(t, changes = []) {
  const { gone, back } = erasuresOf(changes);
  const known = (await t.getMeta(ERASED, [])) || [];
  if (!gone.size && !known.length) return new Set();
  const erased = new Set([...known, ...gone].filter((id) => !back.has(id)));
  const strays = changes.filter((c) => !c.deleted && DEPENDENT_TABLES.includes(c.table) && c.data && about(c.data.beneficiary_id, erased));
  if (gone.size || strays.length) await forget(t, gone, erased, strays.map((c) => [c.table, c.row_id]));
  if (erased.size !== known.length || known.some((id) => !erased.has(id))) t.queuePut('meta', { key: ERASED, value: [...erased] });
  return new Set(strays.map((c) => c.row_id));
}

// Erase people from this device now (the coordinator's own erasure, before the next pull).
export function forgetPeople(db, ids) {
  const tombstones = ids.map((id) => ({ table: PERSON_TABLE, row_id: id, deleted: true, data: null }));
  return db.tx(ERASURE_STORES, 'readwrite', (t) => forgetErased(t, tombstones));
}

// The conflicts of a list that are not about an erased row (the list the server sends).
export async function withoutErased(db, conflicts) {
  const rows = new Set((await db.getMeta(ERASED_ROWS, [])) || []);
  return rows.size ? conflicts.filter((c) => !rows.has(c.row_id)) : conflicts;
}

// Would this change write about an erased person? (ctx.save refuses it.)
export async function writesAboutErased(db, table, rowId, fields = {}) {
  const erased = new Set((await db.getMeta(ERASED, [])) || []);
  if (!erased.size) return false;
  return (table === PERSON_TABLE && erased.has(rowId)) || about(fields.beneficiary_id, erased);
}

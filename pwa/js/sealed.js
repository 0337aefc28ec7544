// What is stored encrypted on the device, and what stays in clear. People's files (every synced
// table but the public catalogue), the outbox, drafts, refusals and the meta values that are not
// sync bookkeeping are sealed with the data key (vault.js); only ids, table names, versions and
// sync bookkeeping stay in clear, so that indexes and counts work without the key.
// A sealed record is {<clear fields>, _s: ArrayBuffer}; a record without `_s` was written by an
// older app version, in clear, and is read as it is (then sealed on the next sign-in).

import { encryptText, decryptJson } from './vault.js';
import { SEALED_TABLES, INDEXES } from './manifest.js';

export class Locked extends Error {
  constructor() { super('L\'application est verrouillée.'); this.name = 'Locked'; }
}

// Per store: the fields kept in clear. Stores not named here are not sealed at all. The synced
// tables sealed, and the indexed ids each keeps in clear, come from the server (manifest.js).
export const CLEAR_FIELDS = {
  ...Object.fromEntries(SEALED_TABLES.map((t) => [t, ['id', '_version', ...(INDEXES[t] || [])]])),
  outbox: ['seq', 'id', 'table', 'op', 'row_id', 'base_version', 'base_pending', 'created', 'attempted', 'client_ts'],
  rejections: ['id', 'table', 'row_id', 'op', 'at'],
  drafts: ['key', 'at'],
  meta: ['key'],
  // A young person's call-back request queued offline: sealed on a signed-in (staff) tablet,
  // in clear on their own phone, which has no key (QUEUED_CLEAR).
  requests: ['id', 'path', 'created_at', 'refused_at', 'error'],
};
const QUEUED_CLEAR = new Set(['requests']);

// Meta entries that are sync bookkeeping or the keys' own record: kept in clear (no personal data).
export const CLEAR_META = new Set(['device_id', 'device_name', 'account_id', 'cursor', 'last_sync', 'last_pull',
  'conflicts_at', 'conflicts_due', 'erased_people', 'erased_rows', 'keyring', 'outbox_last_seq',
  'device_settings', 'last_contact', 'lent', 'sealed_all']);

export const isSealedStore = (store) => Object.hasOwn(CLEAR_FIELDS, store);

// Each store's key (db.js creates the stores with these), `id` for the others.
export const KEY_PATHS = { outbox: 'seq', meta: 'key', drafts: 'key', favourites: 'offer_id', public: 'name' };
export const keyPathOf = (store) => KEY_PATHS[store] || 'id';

const aadOf = (store, key) => `${store}\u0000${JSON.stringify(key)}`;

export function needsSealing(store, record) {
  return isSealedStore(store) && !(store === 'meta' && CLEAR_META.has(record.key));
}

// A value split into its clear fields and the JSON text of the rest (to be sealed).
export function splitRecord(store, value) {
  const clear = {};
  const secret = {};
  const keep = CLEAR_FIELDS[store];
  for (const [name, v] of Object.entries(value)) {
    if (keep.includes(name)) clear[name] = v; else secret[name] = v;
  }
  return { clear, json: JSON.stringify(secret) };
}

// The record to store for a split value (a promise).
export async function sealSplit(key, store, keyValue, { clear, json }) {
  if (!key && QUEUED_CLEAR.has(store)) return { ...clear, ...JSON.parse(json) };
  if (!key) throw new Locked();
  return { ...clear, _s: await encryptText(key, aadOf(store, keyValue), json) };
}

// The record to store for `value` (a promise): its clear fields and the rest sealed.
export async function sealRecord(key, store, keyValue, value) {
  if (!needsSealing(store, value) || (!key && QUEUED_CLEAR.has(store))) return value;
  if (!key) throw new Locked();
  return sealSplit(key, store, keyValue, splitRecord(store, value));
}

// The value of a stored record (a promise); Locked when it is sealed and there is no key.
export async function openRecord(key, store, record) {
  if (!record || !record._s) return record;
  if (!key && QUEUED_CLEAR.has(store)) { const { _s, ...clear } = record; return { ...clear, locked: true }; }
  if (!key) throw new Locked();
  const { _s, ...clear } = record;
  return { ...clear, ...(await decryptJson(key, aadOf(store, record[keyPathOf(store)]), _s)) };
}

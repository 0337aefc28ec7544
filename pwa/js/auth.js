// The signed-in user and their tokens, kept in IndexedDB (meta "auth", sealed with the data
// key) so a tablet stays signed in through a whole offline day. Refresh tokens rotate: only one
// refresh may run at a time, across tabs too (Web Locks), and a tab re-reads the stored tokens
// before refreshing. An online sign-in opens (or creates) this device's data key (vault.js).

import { rawRequest, ApiError } from './api.js';
import { createKeyring, openWithDeviceKey, openWithPassword } from './vault.js';
import { CLEAR_FIELDS, CLEAR_META } from './sealed.js';

export class PendingChangesError extends Error {
  constructor(count) {
    super(`${count} modification(s) pas encore envoyée(s) au serveur.`);
    this.name = 'PendingChangesError';
    this.count = count;
  }
}

// Open this account's data key after the server accepted the password: with the server's
// device key when it gave one (the password may have changed elsewhere), else the password;
// a first sign-in here creates the key. The keyring is then wrapped under this password.
export async function openKeys(db, { accountId, password, deviceKey }) {
  const record = await db.getMeta('keyring');
  let opened;
  if (record && record.account_id === accountId) {
    opened = deviceKey && record.wrap_dev
      ? await openWithDeviceKey(record, deviceKey, password)
      : { record, key: await openWithPassword(record, password) };
  } else {
    opened = await createKeyring({ accountId, password, deviceKey });
  }
  db.setKey(opened.key);
  if (opened.record !== record) await db.setMeta('keyring', opened.record);
  await sealLegacy(db);
}

// Records an older app version wrote in clear: sealed now that there is a key (once).
export async function sealLegacy(db) {
  if (await db.getMeta('sealed_all')) return;
  for (const store of Object.keys(CLEAR_FIELDS)) {
    // Read under the write lock: a record deleted meanwhile must not come back.
    await db.tx(store, 'readwrite', async (t) => {
      for (const r of await t.rawAll(store)) if (!r._s && !(store === 'meta' && CLEAR_META.has(r.key))) t.queuePut(store, r);
    });
  }
  const ls = globalThis.localStorage; // figures an older version kept in clear
  if (ls) for (const key of Object.keys(ls)) if (key.startsWith('mhj-chiffres-')) ls.removeItem(key);
  await db.setMeta('sealed_all', true);
}

export function createAuth(db, { fetchFn = (...a) => globalThis.fetch(...a), locks = globalThis.navigator?.locks, uuid = () => crypto.randomUUID(), onSettings = async () => {} } = {}) {
  let state = null; // {access_token, refresh_token, user, expired}
  let inflight = null;
  const listeners = new Set();
  const notify = () => { for (const fn of listeners) fn(state); };

  // Without the data key nothing is known of the account (its tokens are sealed).
  async function load() { state = db.hasKey() ? await db.getMeta('auth') : null; return state; }
  async function save(next) { state = next; await db.setMeta('auth', next); notify(); }

  async function deviceId() {
    let id = await db.getMeta('device_id');
    if (!id) { id = uuid(); await db.setMeta('device_id', id); }
    return id;
  }

  async function login(email, password, deviceName) {
    const body = { email, password, device_id: await deviceId(), device_name: deviceName };
    const data = await rawRequest(fetchFn, 'POST', '/api/auth/login', { body });
    const previous = await db.getMeta('account_id');
    const pending = await db.count('outbox');
    if (previous && previous !== data.user.id && pending > 0) {
      // Another person's unsent work is on this device: never mix or lose it.
      throw new PendingChangesError(pending);
    }
    if (previous && previous !== data.user.id) await db.clearAccountData();
    await openKeys(db, { accountId: data.user.id, password, deviceKey: data.device_key || null });
    await db.setMeta('account_id', data.user.id);
    // The structure this sign-in works in and the account's memberships (structures.js).
    await save({ access_token: data.access_token, refresh_token: data.refresh_token, user: { ...data.user, email, structure: data.structure, structures: data.structures }, expired: false });
    await onSettings(data.device_settings);
    return data.user;
  }

  async function doRefresh(usedAccess) {
    const stored = await db.getMeta('auth');
    if (!stored || !stored.refresh_token) return false;
    if (stored.access_token !== usedAccess && !stored.expired) { state = stored; return true; } // another tab refreshed
    try {
      const data = await rawRequest(fetchFn, 'POST', '/api/auth/refresh', { bearer: stored.refresh_token });
      await save({ ...stored, access_token: data.access_token, refresh_token: data.refresh_token, expired: false });
      await onSettings(data.device_settings);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) { await save({ ...stored, expired: true }); return false; }
      throw err;
    }
  }

  // Single flight: concurrent callers share one refresh request.
  function refresh(usedAccess) {
    if (!inflight) {
      const run = () => doRefresh(usedAccess);
      inflight = (locks ? locks.request('mhj-auth-refresh', run) : run()).finally(() => { inflight = null; });
    }
    return inflight;
  }

  // Logging out never discards unsent changes: it refuses while the outbox is not empty.
  async function logout({ api } = {}) {
    const pending = await db.count('outbox');
    if (pending > 0) throw new PendingChangesError(pending);
    if (api && state && !state.expired) await api.post('/api/auth/logout', {}).catch(() => {});
    await db.clearAccountData();
    state = null;
    notify();
  }

  // Ask whether this device was revoked, without a session (an expired one included): a revoked
  // device answers 403 device_revoked, which api.js turns into a wipe before anything else.
  async function checkDevice() {
    const id = await db.getMeta('device_id');
    if (!id) return true;
    await rawRequest(fetchFn, 'POST', '/api/auth/device-status', { body: { device_id: id } });
    return true;
  }

  // Forget the account in memory (the key was dropped): nothing is read until it opens again.
  function forget() { state = null; notify(); }

  // What changed about the account (its structure and role there after a switch).
  async function setUser(patch) { if (state) await save({ ...state, user: { ...state.user, ...patch } }); }

  return {
    load, login, logout, refresh, deviceId, checkDevice, forget, setUser,
    user: () => (state ? state.user : null),
    role: () => (state && state.user ? state.user.role : null),
    expired: () => Boolean(state && state.expired),
    accessToken: async () => (state ? state.access_token : null),
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

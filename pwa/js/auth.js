// The signed-in user and their tokens, kept in IndexedDB (meta "auth") so a tablet stays
// signed in through a whole offline day. Refresh tokens rotate: only one refresh may run at a
// time, across tabs too (Web Locks), and a tab re-reads the stored tokens before refreshing.

import { rawRequest, ApiError } from './api.js';

export class PendingChangesError extends Error {
  constructor(count) {
    super(`${count} modification(s) pas encore envoyée(s) au serveur.`);
    this.name = 'PendingChangesError';
    this.count = count;
  }
}

export function createAuth(db, { fetchFn = (...a) => globalThis.fetch(...a), locks = globalThis.navigator?.locks, uuid = () => crypto.randomUUID() } = {}) {
  let state = null; // {access_token, refresh_token, user, expired}
  let inflight = null;
  const listeners = new Set();
  const notify = () => { for (const fn of listeners) fn(state); };

  async function load() { state = await db.getMeta('auth'); return state; }
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
    await db.setMeta('account_id', data.user.id);
    await save({ access_token: data.access_token, refresh_token: data.refresh_token, user: data.user, expired: false });
    return data.user;
  }

  async function doRefresh(usedAccess) {
    const stored = await db.getMeta('auth');
    if (!stored || !stored.refresh_token) return false;
    if (stored.access_token !== usedAccess && !stored.expired) { state = stored; return true; } // another tab refreshed
    try {
      const data = await rawRequest(fetchFn, 'POST', '/api/auth/refresh', { bearer: stored.refresh_token });
      await save({ ...stored, access_token: data.access_token, refresh_token: data.refresh_token, expired: false });
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

  return {
    load, login, logout, refresh, deviceId,
    user: () => (state ? state.user : null),
    role: () => (state && state.user ? state.user.role : null),
    expired: () => Boolean(state && state.expired),
    accessToken: async () => (state ? state.access_token : null),
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

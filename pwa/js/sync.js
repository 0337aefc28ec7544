// The sync engine: push the outbox, then pull page by page until has_more is false.
// A batch stays in the outbox until its results are stored; a network error, a 409 (schema
// not supported) or an expired session stop the run and keep everything for the next one.

import { ApiError, NetworkError } from './api.js';
import { toWire } from './outbox.js';
import { mergePage } from './merge.js';

export const SCHEMA_VERSION = 1;
export const PUSH_MAX = 1000;

export function classify(err) {
  if (err instanceof NetworkError) return 'offline';
  if (err instanceof ApiError) {
    if (err.status === 403 && err.code === 'device_revoked') return 'revoked';
    if (err.status === 401) return 'auth';
    if (err.status === 409) return 'schema';
    if (err.status === 429) return 'busy';
  }
  return 'server';
}

export function pullPath(cursor, limit) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return `/api/sync/pull?${params}`;
}

export function createSync({ db, api, outbox, auth, pageSize = 500, onRevoked = async () => {}, now = () => new Date().toISOString() }) {
  const state = { running: false, phase: 'idle', received: 0, firstSync: false, error: null, lastSync: null, summary: null };
  const listeners = new Set();
  const notify = () => { for (const fn of listeners) fn({ ...state }); };
  let current = null;
  let again = false;

  async function push() {
    const clientId = await auth.deviceId();
    const summary = { applied: 0, conflicts: 0, rejected: 0 };
    for (let round = 0; round < 10000; round += 1) {
      const batch = await outbox.takeBatch(PUSH_MAX);
      if (!batch.length) break;
      state.phase = 'push'; notify();
      const answer = await api.post('/api/sync/push', { client_id: clientId, schema_version: SCHEMA_VERSION, mutations: batch.map(toWire) });
      const results = Array.isArray(answer && answer.results) ? answer.results : [];
      const s = await outbox.applyResults(batch, results);
      for (const k of Object.keys(summary)) summary[k] += s[k];
      if (!results.some((r) => batch.some((m) => m.id === r.id))) break; // no progress: stop
    }
    return summary;
  }

  async function pull() {
    let cursor = await db.getMeta('cursor');
    state.firstSync = !cursor;
    state.received = 0;
    state.phase = 'pull'; notify();
    for (let page = 0; page < 100000; page += 1) {
      const answer = await api.get(pullPath(cursor, pageSize));
      state.received += await mergePage(db, answer, { at: now() });
      notify();
      if (!answer.has_more) break;
      if (!answer.cursor || answer.cursor === cursor) break; // a server that does not move on
      cursor = answer.cursor;
    }
  }

  async function refreshConflicts() {
    if (!['referent', 'coordinator'].includes(auth.role())) return;
    const answer = await api.get('/api/sync/conflicts');
    await db.setMeta('conflicts', answer.items || []);
  }

  async function runOnce() {
    if (!auth.user() || auth.expired()) { state.error = auth.user() ? 'auth' : null; return state; }
    state.running = true; state.error = null; notify();
    try {
      state.summary = await push();
      await pull();
      await refreshConflicts();
      state.lastSync = now();
      await db.setMeta('last_sync', state.lastSync);
    } catch (err) {
      state.error = classify(err);
      state.errorDetail = err.message;
      if (state.error === 'revoked') await onRevoked(err);
      else if (state.error === 'server' && !(err instanceof ApiError)) console.error(err);
    } finally {
      state.running = false; state.phase = 'idle'; state.firstSync = false;
      notify();
    }
    return { ...state };
  }

  // Single flight: a request during a run schedules exactly one more run after it.
  function run() {
    if (current) { again = true; return current; }
    current = (async () => {
      let result;
      do { again = false; result = await runOnce(); } while (again && !result.error);
      return result;
    })().finally(() => { current = null; });
    return current;
  }

  async function load() { state.lastSync = await db.getMeta('last_sync'); notify(); }

  return { run, load, push, pull, state: () => ({ ...state }), onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); } };
}

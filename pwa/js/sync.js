// The sync engine: push the outbox, then pull page by page until has_more is false.
// A batch stays in the outbox until its results are stored; a network error, a 409 (schema
// not supported) or an expired session stop the run and keep everything for the next one.
// Push bodies go gzip-compressed; pages are the server's largest (1000 rows), the next one
// fetched while the current one is stored. The conflict list is fetched only when needed
// (see conflictsDue), not on every run. Last, the files opened here go to the audit log
// (audit.js); that step failing leaves them for the next run and does not fail the sync.

import { ApiError, NetworkError } from './api.js';
import { toWire } from './outbox.js';
import { mergePage } from './merge.js';
import { withoutErased } from './erasure.js';

export const SCHEMA_VERSION = 1;
export const PUSH_MAX = 1000;
export const PULL_LIMIT = 1000; // the server's maximum page
export const CONFLICTS_EVERY_MS = 15 * 60 * 1000;
export const CONFLICT_ROLES = ['referent', 'coordinator'];

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

// Pure: must this run fetch GET /api/sync/conflicts? Only for the roles that see conflicts, and
// only when the list may have changed: never fetched (first sync, new account), a push answer
// named a conflict (`due`, kept until a fetch succeeds), a pulled change touched a row with an
// open conflict (resolved here or elsewhere), or the list is older than `everyMs` (conflicts
// raised by other devices).
export function conflictsDue({ role, fetchedAt = null, due = false, touched = false, now, everyMs = CONFLICTS_EVERY_MS }) {
  if (!CONFLICT_ROLES.includes(role)) return false;
  if (!fetchedAt || due || touched) return true;
  const age = Date.parse(now) - Date.parse(fetchedAt);
  return !(age >= 0 && age < everyMs); // also when the clock went back, or a date is unreadable
}

export function createSync({ db, api, outbox, auth, audit = null, pageSize = PULL_LIMIT, conflictsEveryMs = CONFLICTS_EVERY_MS, onRevoked = async () => {}, now = () => new Date().toISOString() }) {
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
      const body = { client_id: clientId, schema_version: SCHEMA_VERSION, mutations: batch.map(toWire) };
      const answer = await api.post('/api/sync/push', body, { gzip: true });
      const results = Array.isArray(answer && answer.results) ? answer.results : [];
      const s = await outbox.applyResults(batch, results);
      for (const k of Object.keys(summary)) summary[k] += s[k];
      if (s.conflicts) await db.setMeta('conflicts_due', true); // kept until the list is fetched
      if (!results.some((r) => batch.some((m) => m.id === r.id))) break; // no progress: stop
    }
    return summary;
  }

  // Pull every page; returns true when a change touched a row with a known open conflict.
  async function pull() {
    let cursor = await db.getMeta('cursor');
    const conflictRows = new Set(((await db.getMeta('conflicts', [])) || []).map((c) => c.row_id));
    let touched = false;
    state.firstSync = !cursor;
    state.received = 0;
    state.phase = 'pull'; notify();
    let next = api.get(pullPath(cursor, pageSize));
    for (let page = 0; page < 100000; page += 1) {
      const answer = await next;
      const more = Boolean(answer.has_more && answer.cursor && answer.cursor !== cursor); // a server that does not move on: stop
      next = more ? api.get(pullPath(answer.cursor, pageSize)) : null; // fetched while this page is stored
      if (next) next.catch(() => {}); // if storing fails, this page is fetched again next run
      state.received += await mergePage(db, answer, { at: now() });
      if (!touched && conflictRows.size) touched = (answer.changes || []).some((c) => conflictRows.has(c.row_id));
      notify();
      if (!more) break;
      cursor = answer.cursor;
    }
    return touched;
  }

  // Fetch the conflict list and keep it (with when) for the status bar and the conflicts screen.
  async function refreshConflicts() {
    if (!CONFLICT_ROLES.includes(auth.role())) return [];
    let items;
    try {
      items = await withoutErased(db, (await api.get('/api/sync/conflicts')).items || []); // never about an erased person
    } catch (err) {
      await db.setMeta('conflicts_due', true).catch(() => {}); // try again on the next run
      throw err;
    }
    await db.tx('meta', 'readwrite', (t) => {
      t.queuePut('meta', { key: 'conflicts', value: items });
      t.queuePut('meta', { key: 'conflicts_at', value: now() });
      t.queueDelete('meta', 'conflicts_due');
    });
    notify();
    return items;
  }

  async function refreshConflictsIfDue(touched) {
    const [fetchedAt, due] = await Promise.all([db.getMeta('conflicts_at'), db.getMeta('conflicts_due', false)]);
    if (conflictsDue({ role: auth.role(), fetchedAt, due, touched, now: now(), everyMs: conflictsEveryMs })) await refreshConflicts();
  }

  // The audit log's views, after the data: kept on any error (offline, server without the
  // endpoint yet), sent again next run; only a revoked device stops there.
  async function sendViews() {
    if (!audit) return;
    try {
      await audit.flush();
      state.auditError = null;
    } catch (err) {
      state.auditError = classify(err);
      if (state.auditError === 'revoked') throw err;
    }
  }

  async function runOnce() {
    if (!auth.user() || auth.expired()) { state.error = auth.user() ? 'auth' : null; return state; }
    state.running = true; state.error = null; notify();
    try {
      state.summary = await push();
      const touched = await pull();
      await refreshConflictsIfDue(touched);
      state.lastSync = now();
      await db.setMeta('last_sync', state.lastSync);
      await sendViews();
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

  return { run, load, push, pull, refreshConflicts, state: () => ({ ...state }), onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); } };
}

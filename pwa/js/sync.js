// The sync engine: one request per run. POST /api/sync/exchange carries the outbox's next
// batch, the files opened here (audit.js) and the cursor; its answer carries the results, the
// first page (with the device's own writes at their versions, so no later pull brings them
// again) and, when needed, the open conflicts. Further pages (exchanges with nothing to send,
// pages of up to 5,000 rows, the next one fetched while the current one is stored) only when
// has_more; another exchange with data only while the outbox or the views hold more than one
// request. A batch and its views stay on the device until their answer is stored; a network error, a 409 (schema not supported) or an
// expired session stop the run and keep everything for the next one, which sends the same ids.
// Triggers during a run join it; a local change made during it is sent by one more run.

import { ApiError, NetworkError } from './api.js';
import { toWire } from './outbox.js';
import { mergePage } from './merge.js';
import { withoutErased } from './erasure.js';

export const SCHEMA_VERSION = 1;
export const EXCHANGE_PATH = '/api/sync/exchange';
export const PUSH_MAX = 1000;
export const PULL_LIMIT = 1000; // the maximum page of GET /api/sync/pull (older apps)
export const EXCHANGE_PAGE = 5000; // the exchange's maximum page: a device far behind catches up in few round trips
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

export function createSync({ db, api, outbox, auth, audit = null, integrity = null, pageSize = EXCHANGE_PAGE, conflictsEveryMs = CONFLICTS_EVERY_MS, onRevoked = async () => {}, now = () => new Date().toISOString() }) {
  const state = { running: false, phase: 'idle', received: 0, firstSync: false, error: null, lastSync: null, summary: null, auditError: null };
  const listeners = new Set();
  const notify = () => { for (const fn of listeners) fn({ ...state }); };
  let current = null;
  let dirty = false; // a change recorded after the run took its last batch
  if (outbox.onChange) outbox.onChange((reason) => { if (reason === 'record' && current) dirty = true; });

  // One exchange: the next batch, the waiting views, the cursor. Returns null when there was
  // nothing to say and this is not the run's first request.
  async function exchange(clientId, first, wantConflicts, wantDigest) {
    dirty = false;
    const batch = await outbox.takeBatch(PUSH_MAX);
    const views = audit ? await audit.pending() : [];
    if (!first && !batch.length && !views.length) return null;
    const body = { client_id: clientId, schema_version: SCHEMA_VERSION, mutations: batch.map(toWire), cursor: (await db.getMeta('cursor')) || null, limit: pageSize };
    if (wantConflicts) body.conflicts = true;
    if (wantDigest) body.digest = true; // the server's digest rides along (integrity.js)
    if (views.length) body.views = views.map(viewWire);
    state.phase = state.firstSync ? 'pull' : 'exchange'; notify();
    let answer;
    let sentViews = views;
    try {
      answer = await request('POST', EXCHANGE_PATH, body);
    } catch (err) {
      // Views the server refuses must not hold the data back: sent again without them, kept.
      if (!(views.length && err instanceof ApiError && err.status === 400 && /^views/.test(err.problem.field || ''))) throw err;
      state.auditError = 'server';
      sentViews = [];
      delete body.views;
      answer = await request('POST', EXCHANGE_PATH, body);
    }
    return { batch, views: sentViews, answer };
  }

  function request(method, path, body) {
    return body === undefined ? api.get(path) : api.post(path, body, { gzip: true });
  }

  // Pull the pages after the stored cursor (exchanges with nothing to send); returns true when
  // a change touched a row of `conflictRows`. Each page is fetched once: the next one while
  // this one is stored. `digest`: the server's digest rides along the last page (integrity.js).
  async function pull(conflictRows = new Set(), digest = false) {
    const clientId = await auth.deviceId();
    let cursor = await db.getMeta('cursor');
    let touched = false;
    const page = (after) => request('POST', EXCHANGE_PATH, { client_id: clientId, schema_version: SCHEMA_VERSION, mutations: [], cursor: after || null, limit: pageSize, ...(digest ? { digest: true } : {}) });
    state.phase = 'pull'; notify();
    let next = page(cursor);
    for (let n = 0; n < 100000; n += 1) {
      const answer = await next;
      const more = Boolean(answer.has_more && answer.cursor && answer.cursor !== cursor); // a server that does not move on: stop
      next = more ? page(answer.cursor) : null; // fetched while this page is stored
      if (next) next.catch(() => {}); // if storing fails, this page is fetched again next run
      state.received += await mergePage(db, answer, { at: now() });
      if (!touched && conflictRows.size) touched = (answer.changes || []).some((c) => conflictRows.has(c.row_id));
      // Compared once this last page is stored, unless a change typed meanwhile would differ.
      if (answer.digest && integrity && (await outbox.count()) === 0) await integrity.verify(answer.digest);
      notify();
      if (!more) break;
      cursor = answer.cursor;
    }
    return touched;
  }

  // Keep the conflict list (with when) for the status bar and the conflicts screen.
  async function storeConflicts(list) {
    const items = await withoutErased(db, list || []); // never about an erased person
    await db.tx('meta', 'readwrite', (t) => {
      t.queuePut('meta', { key: 'conflicts', value: items });
      t.queuePut('meta', { key: 'conflicts_at', value: now() });
      t.queueDelete('meta', 'conflicts_due');
    });
    notify();
    return items;
  }

  // Fetch the conflict list on its own (the conflicts screen; a run whose answers lacked it).
  async function refreshConflicts() {
    if (!CONFLICT_ROLES.includes(auth.role())) return [];
    let items;
    try {
      items = (await request('GET', '/api/sync/conflicts')).items || [];
    } catch (err) {
      await db.setMeta('conflicts_due', true).catch(() => {}); // try again on the next run
      throw err;
    }
    return storeConflicts(items);
  }

  // Does this run ask for the list? When it may have changed (conflictsDue), and while some
  // are shown: one resolved elsewhere must leave the status bar.
  async function wantConflicts() {
    if (!CONFLICT_ROLES.includes(auth.role())) return false;
    const [known, fetchedAt, due] = await Promise.all([db.getMeta('conflicts', []), db.getMeta('conflicts_at'), db.getMeta('conflicts_due', false)]);
    return (known || []).length > 0 || conflictsDue({ role: auth.role(), fetchedAt, due, now: now(), everyMs: conflictsEveryMs });
  }

  async function sync() {
    const clientId = await auth.deviceId();
    const summary = { applied: 0, conflicts: 0, rejected: 0 };
    state.firstSync = !(await db.getMeta('cursor'));
    state.received = 0;
    let want = await wantConflicts();
    let wantDigest = Boolean(integrity && await integrity.due());
    let more = false;
    for (let round = 0; round < 10000; round += 1) {
      const sent = await exchange(clientId, round === 0, want, wantDigest);
      if (!sent) break;
      const { batch, views, answer } = sent;
      const results = Array.isArray(answer && answer.results) ? answer.results : [];
      if (batch.length) {
        const s = await outbox.applyResults(batch, results);
        for (const k of Object.keys(summary)) summary[k] += s[k];
        if (s.conflicts && !Array.isArray(answer.conflicts)) await db.setMeta('conflicts_due', true); // kept until the list comes
      }
      const cursor = await db.getMeta('cursor');
      state.received += await mergePage(db, answer, { at: now() });
      if (views.length) await audit.sent(views);
      if (Array.isArray(answer.conflicts)) { await storeConflicts(answer.conflicts); want = false; }
      if (answer.digest) { wantDigest = false; await integrity.verify(answer.digest); }
      notify();
      more = Boolean(answer.has_more && answer.cursor && answer.cursor !== cursor);
      if (batch.length && !results.some((r) => batch.some((m) => m.id === r.id))) break; // no progress: stop
    }
    if (more) await pull(undefined, wantDigest); // the digest comes with the last page
    // A list asked for and not given, or a conflict met without its list: fetched on its own.
    if (CONFLICT_ROLES.includes(auth.role()) && (want || await db.getMeta('conflicts_due', false))) await refreshConflicts();
    return summary;
  }

  async function runOnce() {
    if (!auth.user() || auth.expired()) { state.error = auth.user() ? 'auth' : null; return state; }
    state.running = true; state.error = null; state.auditError = null; notify();
    try {
      state.summary = await sync();
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

  // Single flight: a trigger during a run joins it; a change recorded after the run took its
  // last batch makes exactly one more run.
  function run() {
    if (current) return current;
    current = (async () => {
      let result;
      do { result = await runOnce(); } while (dirty && !result.error);
      return result;
    })().finally(() => { current = null; });
    return current;
  }

  // Resolves once no run is going (the shell's update check and the catalogue wait for it).
  const idle = () => (current ? current.then(() => {}, () => {}) : Promise.resolve());

  async function load() { state.lastSync = await db.getMeta('last_sync'); notify(); }

  return { run, idle, load, pull, refreshConflicts, state: () => ({ ...state }), onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); } };
}

const viewWire = ({ id, beneficiary_id: b, at }) => ({ id, beneficiary_id: b, at });

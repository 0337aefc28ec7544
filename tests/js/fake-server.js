// A small in-memory stand-in of the sync server contract, enough to drive the JS sync engine:
// per-row field versions and writers (a device's own writes never conflict with it),
// idempotent mutation ids, conflicts, paged pull with a cursor, the exchange (all in one),
// token expiry and rotation, device revocation, lost answers and network failures, gzip
// request bodies (or a server too old to read them).
import { gunzipSync } from 'node:zlib';

export class FakeServer {
  constructor() {
    this.clock = 0;
    this.rows = new Map(); // row_id -> {table, data, version, deleted, fieldVersions, fieldWriters}
    this.processed = new Map(); // mutation id -> result
    this.conflicts = [];
    this.requests = [];
    this.offline = false;
    this.loseNextAnswer = false; // process the push, then fail like a dropped connection
    this.revoked = false;
    this.schemaRange = [1, 1];
    this.tokens = { access: 'A1', refresh: 'R1' };
    this.usedRefresh = new Set();
    this.acceptsGzip = true;
    this.failing = new Set(); // paths that answer 500
    this.views = new Map(); // files opened, by view id (the audit log)
    this.refuseViews = false; // answer 400 naming views[0].at, as for a view the server cannot read
  }

  // `writer`: the device writing (its client_id); none for the office or another tool.
  write(table, rowId, data, writer = null) {
    const version = ++this.clock;
    const row = this.rows.get(rowId) || { table, data: {}, fieldVersions: {}, fieldWriters: {}, deleted: false };
    Object.assign(row.data, data);
    for (const k of Object.keys(data)) { row.fieldVersions[k] = version; row.fieldWriters[k] = writer; }
    row.version = version;
    this.rows.set(rowId, row);
    return row;
  }

  push(body) {
    const [lo, hi] = this.schemaRange;
    if (body.schema_version < lo || body.schema_version > hi) return [409, { title: 'Version non prise en charge', status: 409 }];
    const results = body.mutations.map((m) => {
      if (this.processed.has(m.id)) return { ...this.processed.get(m.id), status: 'duplicate' };
      const existing = this.rows.get(m.row_id);
      const base = m.base_version || 0;
      const byOther = (k) => (existing.fieldVersions[k] || 0) > base && existing.fieldWriters[k] !== body.client_id;
      let result;
      if (m.op === 'delete' && existing && Object.keys(existing.fieldVersions).some(byOther)) {
        const conflict = { id: `c${this.conflicts.length + 1}`, table: m.table, row_id: m.row_id, fields: { _deleted: { server: false, client: true } } };
        this.conflicts.push(conflict);
        result = { id: m.id, status: 'conflict', row_id: m.row_id, version: existing.version, conflict_id: conflict.id };
      } else if (m.op === 'delete') {
        if (existing) { existing.deleted = true; existing.version = ++this.clock; }
        result = { id: m.id, status: 'applied', row_id: m.row_id, version: existing ? existing.version : null };
      } else if (!existing) {
        const row = this.write(m.table, m.row_id, m.fields, body.client_id);
        result = { id: m.id, status: 'applied', row_id: m.row_id, version: row.version };
      } else {
        const clash = {}; const ok = {};
        for (const [k, v] of Object.entries(m.fields)) {
          if (existing.data[k] === v) continue; // already so: nothing written, the writer stays
          if (byOther(k)) clash[k] = { server: existing.data[k], client: v };
          else ok[k] = v;
        }
        const row = Object.keys(ok).length ? this.write(m.table, m.row_id, ok, body.client_id) : existing;
        if (Object.keys(clash).length) {
          const conflict = { id: `c${this.conflicts.length + 1}`, table: m.table, row_id: m.row_id, fields: clash };
          this.conflicts.push(conflict);
          result = { id: m.id, status: Object.keys(ok).length ? 'merged' : 'conflict', row_id: m.row_id, version: row.version, conflict_id: conflict.id };
        } else result = { id: m.id, status: 'applied', row_id: m.row_id, version: row.version };
      }
      this.processed.set(m.id, result);
      return result;
    });
    return [200, { results, server_time: 'now' }];
  }

  pull(url) {
    const cursor = Number(url.searchParams.get('cursor') || 0);
    const limit = Number(url.searchParams.get('limit') || 500);
    const rows = [...this.rows.entries()].filter(([, r]) => r.version > cursor).sort((a, b) => a[1].version - b[1].version);
    const page = rows.slice(0, limit);
    const next = page.length ? page[page.length - 1][1].version : cursor;
    return [200, {
      changes: page.map(([id, r]) => ({ table: r.table, row_id: id, version: r.version, deleted: r.deleted, data: r.deleted ? null : { id, ...r.data } })),
      cursor: String(next), has_more: rows.length > limit, server_time: 'now',
    }];
  }

  // POST /api/sync/exchange: the request checked whole, then push, views, the first page and
  // the open conflicts when asked, raised, or about a row of the page.
  exchange(body) {
    if (this.refuseViews && body.views) return [400, { title: 'Requête invalide', status: 400, detail: 'views[0].at', field: 'views[0].at' }];
    const [status, pushed] = this.push(body);
    if (status !== 200) return [status, pushed];
    for (const v of body.views || []) if (!this.views.has(v.id)) this.views.set(v.id, v);
    const query = new URLSearchParams({ limit: String(body.limit || 1000) });
    if (body.cursor) query.set('cursor', body.cursor);
    const [, page] = this.pull(new URL(`http://test/?${query}`));
    const answer = { results: pushed.results, changes: page.changes, cursor: page.cursor, has_more: page.has_more };
    const rows = new Set(page.changes.map((c) => c.row_id));
    if (body.conflicts || pushed.results.some((r) => r.conflict_id) || this.conflicts.some((c) => rows.has(c.row_id))) answer.conflicts = this.conflicts;
    return [200, answer];
  }

  handle(path, init) {
    const url = new URL(path, 'http://test');
    const auth = (init.headers || {}).Authorization || '';
    const encoding = (init.headers || {})['Content-Encoding'] || null;
    let body;
    try {
      if (encoding === 'gzip' && !this.acceptsGzip) throw new Error('not JSON');
      const raw = encoding === 'gzip' ? gunzipSync(init.body).toString('utf8') : init.body;
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.requests.push({ method: init.method, path: url.pathname, body: null, auth, encoding });
      return [400, { title: 'Corps JSON invalide', status: 400 }];
    }
    this.requests.push({ method: init.method, path: url.pathname, query: url.search, body, auth, encoding, bytes: init.body ? init.body.length : 0 });
    if (url.pathname === '/api/auth/refresh') {
      const token = auth.slice(7);
      if (token !== this.tokens.refresh || this.usedRefresh.has(token)) return [401, { title: 'Jeton invalide', status: 401 }];
      this.usedRefresh.add(token);
      const n = Number(token.slice(1)) + 1;
      this.tokens = { access: `A${n}`, refresh: `R${n}` };
      return [200, { access_token: this.tokens.access, refresh_token: this.tokens.refresh }];
    }
    if (this.revoked) return [403, { title: 'Appareil révoqué', status: 403, code: 'device_revoked' }];
    if (auth !== `Bearer ${this.tokens.access}`) return [401, { title: 'Jeton expiré', status: 401 }];
    if (this.failing.has(url.pathname)) return [500, { title: 'Erreur interne', status: 500 }];
    if (url.pathname === '/api/sync/exchange') return this.exchange(body);
    if (url.pathname === '/api/sync/push') return this.push(body);
    if (url.pathname === '/api/sync/pull') return this.pull(url);
    if (url.pathname === '/api/sync/conflicts') return [200, { items: this.conflicts }];
    return [404, { title: 'Introuvable', status: 404 }];
  }

  get fetch() {
    return async (path, init = {}) => {
      if (this.offline) throw new TypeError('Failed to fetch');
      const [status, data] = this.handle(path, init);
      if (this.loseNextAnswer && /^\/api\/sync\/(push|exchange)/.test(path)) {
        this.loseNextAnswer = false;
        throw new TypeError('network changed');
      }
      return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
    };
  }

  // Expire the access token (as 15 minutes later).
  expireAccess() { this.tokens.access = `${this.tokens.access}-expired-on-server`; }
}

// The requests that carried mutations (exchanges, or pushes of an older app), in order.
export const pushes = (server) => server.requests.filter((r) => ['/api/sync/exchange', '/api/sync/push'].includes(r.path) && r.body && r.body.mutations && r.body.mutations.length);
// The paths requested, in order.
export const paths = (server) => server.requests.map((r) => r.path);

// Files opened are noted on the device and reach the audit log with a sync; they leave the
// device only once the server answered. And the database upgrade that added their store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory } from 'fake-indexeddb';
import { FakeServer } from './fake-server.js';
import { device, counterUuid } from './helpers.js';
import { openDb, DB_VERSION, promisify } from '../../pwa/js/db.js';
import { createAudit, VIEWS_PATH, VIEWS_MAX } from '../../pwa/js/audit.js';

// The contract: POST /api/audit/views {views: [{id, beneficiary_id, at}]} -> {recorded: n},
// idempotent by view id.
class AuditServer extends FakeServer {
  constructor() { super(); this.views = new Map(); this.auditDown = false; }

  handle(path, init) {
    const url = new URL(path, 'http://test');
    if (url.pathname !== VIEWS_PATH) return super.handle(path, init);
    if ((init.headers || {}).Authorization !== `Bearer ${this.tokens.access}`) return [401, { title: 'Jeton expiré', status: 401 }];
    const body = JSON.parse(init.body);
    this.requests.push({ method: init.method, path: url.pathname, body });
    if (this.auditDown) return [404, { title: 'Introuvable', status: 404 }];
    let recorded = 0;
    for (const v of body.views) if (!this.views.has(v.id)) { this.views.set(v.id, v); recorded += 1; }
    return [200, { recorded }];
  }
}

class Target { // stands for window: only hashchange matters
  constructor() { this.fns = []; }
  addEventListener(_, fn) { this.fns.push(fn); }
  navigate() { for (const fn of this.fns) fn(); }
}

async function staffDevice(server, role = 'referent') {
  const target = new Target();
  let clock = 0;
  const d = await device(server, `t-${role}`, { role });
  d.audit = createAudit({ db: d.db, api: d.api, auth: d.auth, uuid: counterUuid('v'), target,
    now: () => `2026-11-25T10:00:${String(clock++).padStart(2, '0')}Z` });
  d.target = target;
  return d;
}

test('an opened file is noted once per opening: live refreshes are not new openings', async () => {
  const d = await staffDevice(new AuditServer());
  assert.equal(await d.audit.viewed('b1'), true);
  assert.equal(await d.audit.viewed('b1'), false); // re-rendered after a sync
  d.target.navigate(); // went elsewhere, then came back
  assert.equal(await d.audit.viewed('b1'), true);
  assert.equal(await d.audit.viewed('b2'), true);
  const views = (await d.db.getAll('views')).sort((a, b) => a.at.localeCompare(b.at));
  assert.deepEqual(views, [
    { id: 'v-0001', beneficiary_id: 'b1', at: '2026-11-25T10:00:00Z' },
    { id: 'v-0002', beneficiary_id: 'b1', at: '2026-11-25T10:00:01Z' },
    { id: 'v-0003', beneficiary_id: 'b2', at: '2026-11-25T10:00:02Z' }]);
});

test('a prescriber (or nobody) notes nothing and sends nothing', async () => {
  const server = new AuditServer();
  const d = await staffDevice(server, 'prescriber');
  assert.equal(await d.audit.viewed('b1'), false);
  assert.equal(await d.audit.flush(), 0);
  assert.equal(await d.db.count('views'), 0);
  assert.equal(server.requests.length, 0);
});

test('views ride along the sync\'s exchange, and leave the device only once the server answered', async () => {
  const server = new AuditServer();
  const d = await staffDevice(server);
  const sync = (await import('../../pwa/js/sync.js')).createSync({ db: d.db, api: d.api, outbox: d.outbox, auth: d.auth, audit: d.audit });
  await d.audit.viewed('b1');

  server.offline = true; // offline: the views wait
  assert.equal((await sync.run()).error, 'offline');
  assert.equal(await d.db.count('views'), 1);

  server.offline = false;
  server.refuseViews = true; // views the server refuses: the sync itself succeeds, the views wait
  const result = await sync.run();
  assert.equal(result.error, null);
  assert.equal(result.auditError, 'server');
  assert.equal(await d.db.count('views'), 1);

  server.refuseViews = false;
  assert.equal((await sync.run()).auditError, null);
  assert.equal(await d.db.count('views'), 0);
  assert.deepEqual([...server.views.values()], [{ id: 'v-0001', beneficiary_id: 'b1', at: '2026-11-25T10:00:00Z' }]);
  assert.ok(server.requests.every((r) => r.path === '/api/sync/exchange'), 'no request of their own');
});

test('a lost answer sends the same views again (same ids: the server records them once)', async () => {
  const server = new AuditServer();
  const d = await staffDevice(server);
  await d.audit.viewed('b1');
  const realFetch = server.fetch;
  let lose = true;
  d.api = (await import('../../pwa/js/api.js')).createApi({ auth: d.auth, fetchFn: async (path, init) => {
    const response = await realFetch(path, init);
    if (lose && path === VIEWS_PATH) { lose = false; throw new TypeError('network changed'); } // applied, answer lost
    return response;
  } });
  const audit = createAudit({ db: d.db, api: d.api, auth: d.auth, target: null });
  await assert.rejects(audit.flush());
  assert.equal(await d.db.count('views'), 1);
  assert.equal(await audit.flush(), 1);
  assert.equal(await d.db.count('views'), 0);
  const sent = server.requests.filter((r) => r.path === VIEWS_PATH).map((r) => r.body.views[0].id);
  assert.deepEqual(sent, ['v-0001', 'v-0001']);
  assert.equal(server.views.size, 1);
});

test('many views go in requests of at most VIEWS_MAX, oldest first', async () => {
  const server = new AuditServer();
  const d = await staffDevice(server);
  const n = VIEWS_MAX + 7;
  await d.db.tx('views', 'readwrite', (t) => {
    for (let i = 0; i < n; i += 1) t.queuePut('views', { id: `v${i}`, beneficiary_id: 'b1', at: new Date(Date.UTC(2026, 10, 25, 8, 0, i)).toISOString() });
  });
  assert.equal(await d.audit.flush(), n);
  const bodies = server.requests.filter((r) => r.path === VIEWS_PATH).map((r) => r.body.views);
  assert.deepEqual(bodies.map((b) => b.length), [VIEWS_MAX, 7]);
  assert.equal(bodies[0][0].id, 'v0');
  assert.equal(await d.db.count('views'), 0);
});

test('clearing the account\'s data (logout, another account, revoked device) wipes the views', async () => {
  const d = await staffDevice(new AuditServer());
  await d.audit.viewed('b1');
  await d.db.clearAccountData();
  assert.equal(await d.db.count('views'), 0);
});

// The database as version 2 of the app left it: every store but `views`.
function openV2(idb, name) {
  const request = idb.open(name, 2);
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const t of ['partners', 'offers', 'beneficiaries', 'diagnostics', 'sessions', 'attendances', 'contacts', 'referrals', 'action_steps', 'outcomes', 'trainees']) {
      const store = db.createObjectStore(t, { keyPath: 'id' });
      if (!['partners', 'offers', 'beneficiaries', 'sessions'].includes(t)) store.createIndex(t === 'trainees' ? 'session_id' : 'beneficiary_id', t === 'trainees' ? 'session_id' : 'beneficiary_id');
    }
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('id', 'id', { unique: true }); outbox.createIndex('row_id', 'row_id');
    db.createObjectStore('meta', { keyPath: 'key' });
    for (const [n, key] of [['favourites', 'offer_id'], ['public', 'name'], ['requests', 'id'], ['drafts', 'key'], ['rejections', 'id']]) db.createObjectStore(n, { keyPath: key });
  };
  return promisify(request);
}

test('upgrading a version 2 database adds the views store and keeps every record', async () => {
  const idb = new IDBFactory();
  const old = await openV2(idb, 'mhj');
  await promisify(old.transaction('beneficiaries', 'readwrite').objectStore('beneficiaries').put({ id: 'b1', first_name: 'Léa', _version: 3 }));
  await promisify(old.transaction('outbox', 'readwrite').objectStore('outbox').add({ id: 'm1', row_id: 'b1', table: 'beneficiaries', op: 'upsert', fields: { notes: 'x' } }));
  old.close();
  const db = await openDb(idb, 'mhj');
  assert.ok(db.conn.objectStoreNames.contains('views'));
  assert.ok(db.conn.objectStoreNames.contains('objectives'), 'a store added since (version 4) comes too');
  assert.equal(db.conn.version, DB_VERSION);
  assert.equal((await db.get('beneficiaries', 'b1')).first_name, 'Léa');
  assert.equal((await db.getAll('outbox', 'row_id', 'b1'))[0].id, 'm1');
  await db.put('views', { id: 'v1', beneficiary_id: 'b1', at: 'T' });
  assert.equal(await db.count('views'), 1);
});

// Switching structures on the device (issue 12): refused while anything waits to be sent,
// then the old caseload, its cursor and its bookkeeping leave, the account and the device stay,
// and a fresh sync brings the other structure's caseload from the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServer, paths } from './fake-server.js';
import { device, freshDb } from './helpers.js';
import { SYNCED_TABLES } from '../../pwa/js/db.js';
import {
  activeStructure, otherStructures, switchRefusal, clearCaseload, switchStructure, refreshMemberships,
  SwitchRefused, CASELOAD_META,
} from '../../pwa/js/structures.js';
import { holderName } from '../../pwa/js/views/legal.js';

const ITEMS = [{ id: 'A', name: 'Mission Locale Sud Jura', role: 'referent' }, { id: 'B', name: 'Mission Locale du Haut-Doubs', role: 'coordinator' }];

// The fake server with one caseload per structure: the active one is what pulls and pushes see.
class TwoStructures extends FakeServer {
  set rows(map) { this.caseloads = { A: map, B: new Map() }; }
  get rows() { return this.caseloads[this.active || 'A']; }

  handle(path, init) {
    const url = new URL(path, 'http://test');
    if (!url.pathname.startsWith('/api/structures/')) return super.handle(path, init);
    const body = init.body ? JSON.parse(init.body) : undefined;
    this.requests.push({ method: init.method, path: url.pathname, body });
    if (url.pathname === '/api/structures/mine') return [200, { active: this.active || 'A', items: ITEMS }];
    if (!ITEMS.some((s) => s.id === body.structure_id)) return [403, { title: 'Interdit', status: 403, detail: 'Vous n\'êtes pas membre de cette structure.', code: 'forbidden' }];
    const reset = body.structure_id !== (this.active || 'A');
    this.active = body.structure_id;
    const chosen = ITEMS.find((s) => s.id === body.structure_id);
    return [200, { active: chosen.id, role: chosen.role, items: ITEMS, reset }];
  }
}

async function signedIn(server) {
  const d = await device(server, 'tablette');
  await d.auth.setUser({ structure: 'A', structures: ITEMS });
  const ctx = { ...d, audit: null, syncNow: () => d.sync.run() };
  return { d, ctx };
}

test('the active structure and the others come from the sign-in', () => {
  const user = { id: 'u1', role: 'referent', structure: 'A', structures: ITEMS };
  assert.deepEqual(activeStructure(user), ITEMS[0]);
  assert.deepEqual(otherStructures(user), [ITEMS[1]]);
  assert.deepEqual(otherStructures({ ...user, structures: [ITEMS[0]] }), [], 'one structure: nothing to switch to');
  assert.equal(activeStructure({ id: 'u1', role: 'referent' }), null, 'an older sign-in says nothing');
  assert.deepEqual(activeStructure({ id: 'u1', role: 'referent', structure: 'A' }), { id: 'A', name: null, role: 'referent' });
});

test('« Vos données » names the structure the account works in, and no name otherwise', () => {
  const user = { id: 'u1', role: 'referent', structure: 'B', structures: ITEMS };
  assert.equal(holderName(user), 'Mission Locale du Haut-Doubs');
  assert.equal(holderName(null), null, 'nobody signed in: the youth space');
  assert.equal(holderName({ id: 'u1', role: 'referent' }), null, 'an older sign-in says nothing');
  assert.equal(holderName({ ...user, structures: [] }), null, 'an unknown structure is not named');
  assert.equal(holderName({ ...user, structures: [{ id: 'B', name: '  ' }] }), null);
});

test('a switch is refused in plain French while changes or opened files wait', () => {
  assert.equal(switchRefusal({ changes: 0, views: 0 }), null);
  assert.equal(switchRefusal({ changes: 3 }), 'Synchronisez d\'abord : 3 modifications attendent d\'être envoyées.');
  assert.equal(switchRefusal({ changes: 1 }), 'Synchronisez d\'abord : 1 modification attend d\'être envoyée.');
  assert.match(switchRefusal({ views: 2 }), /^Synchronisez d'abord : 2 consultations de dossiers attendent d'être envoyées au journal des accès\.$/);
});

test('clearing the caseload keeps the account, its keys, the device and the lock', async () => {
  const db = await freshDb();
  for (const table of SYNCED_TABLES) await db.put(table, { id: `${table}-1`, _version: 1 });
  await db.put('drafts', { key: 'personne:new', values: { first_name: 'Léa' }, at: 'x' });
  await db.put('rejections', { id: 'r1', table: 'contacts', row_id: 'c1', op: 'upsert', at: 'x' });
  const kept = { auth: { user: { id: 'u1' } }, account_id: 'u1', keyring: { account_id: 'u1' }, device_id: 'dev-1', device_name: 'Tablette', pin: { salt: 'x' }, device_settings: { lock_idle_minutes: 5 }, lent: false };
  for (const [k, v] of Object.entries(kept)) await db.setMeta(k, v);
  for (const k of CASELOAD_META) await db.setMeta(k, k === 'cursor' ? '42' : ['quelque chose']);

  await db.put('outbox', { table: 'contacts', op: 'upsert', row_id: 'c9', id: 'm1', fields: {} });
  await assert.rejects(clearCaseload(db), (err) => err instanceof SwitchRefused && /1 modification attend/.test(err.message));
  assert.equal(await db.count('beneficiaries'), 1, 'refused: nothing was cleared');
  assert.equal(await db.getMeta('cursor'), '42');

  await db.tx('outbox', 'readwrite', (t) => t.clear('outbox'));
  await clearCaseload(db);
  for (const table of [...SYNCED_TABLES, 'drafts', 'rejections', 'views']) assert.equal(await db.count(table), 0, table);
  for (const k of CASELOAD_META) assert.equal(await db.getMeta(k), null, k);
  for (const [k, v] of Object.entries(kept)) assert.deepEqual(await db.getMeta(k), v, k);
});

test('switching: refused with a change waiting, then the other caseload synced from the start', async () => {
  const server = new TwoStructures();
  server.write('beneficiaries', 'a-1', { first_name: 'Anaïs', last_name: 'Sud' });
  server.write('contacts', 'a-c1', { channel: 'telephone', beneficiary_id: 'a-1' });
  const { d, ctx } = await signedIn(server);
  assert.equal((await d.sync.run()).error, null);
  assert.equal(await d.db.count('beneficiaries'), 1);
  await d.db.setMeta('conflicts', [{ id: 'c1', row_id: 'a-1' }]);

  // A change typed here and not yet sent: the switch does not even ask the server.
  await d.outbox.record('beneficiaries', 'a-1', { phone: '0600000000' });
  await assert.rejects(switchStructure(ctx, 'B'), (err) => err instanceof SwitchRefused
    && err.message === 'Synchronisez d\'abord : 1 modification attend d\'être envoyée.');
  assert.ok(!paths(server).includes('/api/structures/active'));
  assert.equal(activeStructure(d.auth.user()).id, 'A');
  assert.equal(holderName(d.auth.user()), 'Mission Locale Sud Jura');

  // Sent: now it switches, forgets A's caseload and pulls B's from the start.
  assert.equal((await d.sync.run()).error, null);
  server.caseloads.B.set('b-1', { table: 'beneficiaries', data: { first_name: 'Bruno', last_name: 'Doubs' }, version: ++server.clock, deleted: false, fieldVersions: {}, fieldWriters: {} });
  const said = [];
  const before = server.requests.length;
  const result = await switchStructure(ctx, 'B', (text) => said.push(text));
  assert.equal(result.structure.id, 'B');
  assert.equal(result.role, 'coordinator');
  assert.equal(result.sync.error, null);
  assert.equal(d.auth.user().role, 'coordinator', 'the role is the one held in the new structure');
  assert.deepEqual(d.auth.user().structures, ITEMS);
  assert.equal(holderName(d.auth.user()), 'Mission Locale du Haut-Doubs', '« Vos données » names the new one');
  assert.deepEqual((await d.db.getAll('beneficiaries')).map((r) => r.id), ['b-1']);
  assert.equal(await d.db.count('contacts'), 0);
  assert.deepEqual(await d.db.getMeta('conflicts'), [], 'the old conflicts went with the old caseload');
  const after = server.requests.slice(before);
  assert.deepEqual(after.map((r) => r.path), ['/api/structures/active', '/api/sync/exchange']);
  assert.deepEqual(after[0].body, { structure_id: 'B' });
  assert.equal(after[1].body.cursor, null, 'the new caseload is pulled from its start');
  assert.equal(said.length, 3);
  assert.ok(d.db.hasKey(), 'the data key stays: no new sign-in');
});

test('a refused or impossible switch leaves the caseload as it was', async () => {
  const server = new TwoStructures();
  server.write('beneficiaries', 'a-1', { first_name: 'Anaïs', last_name: 'Sud' });
  const { d, ctx } = await signedIn(server);
  await d.sync.run();
  await assert.rejects(switchStructure(ctx, 'Z'), (err) => err instanceof SwitchRefused && err.message === 'Ce compte n\'est pas membre de cette structure.');
  server.offline = true;
  await assert.rejects(switchStructure(ctx, 'B'), (err) => err instanceof SwitchRefused && /^Pas de connexion/.test(err.message));
  assert.equal(await d.db.count('beneficiaries'), 1);
  assert.notEqual(await d.db.getMeta('cursor'), null);
  assert.equal(activeStructure(d.auth.user()).id, 'A');

  // Files opened and not yet in the audit log belong to the structure left: sent first.
  server.offline = false;
  await d.db.put('views', { id: 'v1', beneficiary_id: 'a-1', at: '2026-11-25T09:00:00Z' });
  await assert.rejects(switchStructure(ctx, 'B'), (err) => err instanceof SwitchRefused && /1 consultation de dossier attend/.test(err.message));
  assert.equal(await d.db.count('beneficiaries'), 1);
});

test('the memberships are refreshed from the server, and kept offline', async () => {
  const server = new TwoStructures();
  const { d, ctx } = await signedIn(server);
  await d.auth.setUser({ structures: [ITEMS[0]] });
  assert.deepEqual((await refreshMemberships(ctx)).structures, ITEMS);
  server.offline = true;
  assert.deepEqual((await refreshMemberships(ctx)).structures, ITEMS);
});

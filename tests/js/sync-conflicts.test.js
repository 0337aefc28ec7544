// When the sync engine asks for the conflict list (in its exchange, or GET /api/sync/conflicts
// when an answer lacked it): only when the list may have changed, and the list the status bar
// reads (meta "conflicts") stays right. A conflict met by a push comes with the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictsDue, CONFLICTS_EVERY_MS } from '../../pwa/js/sync.js';
import { FakeServer } from './fake-server.js';
import { device } from './helpers.js';

const T0 = Date.parse('2026-11-25T09:00:00Z');
const iso = (ms) => new Date(ms).toISOString();

function clock() {
  let t = T0;
  return { now: () => iso(t), advance(ms) { t += ms; } };
}

const conflictCalls = (server) => server.requests.filter((r) => r.path === '/api/sync/conflicts').length;
// Exchanges that asked for the list, and separate fetches of it.
const conflictAsks = (server) => conflictCalls(server) + server.requests.filter((r) => r.path === '/api/sync/exchange' && r.body.conflicts === true).length;

test('conflictsDue: the roles, the triggers and the age of the list', () => {
  const fresh = { role: 'referent', fetchedAt: iso(T0), now: iso(T0 + 60000) };
  assert.equal(conflictsDue(fresh), false);
  assert.equal(conflictsDue({ ...fresh, role: 'coordinator' }), false);
  assert.equal(conflictsDue({ ...fresh, fetchedAt: null }), true, 'never fetched: first sync, new account');
  assert.equal(conflictsDue({ ...fresh, due: true }), true, 'a push answer named a conflict');
  assert.equal(conflictsDue({ ...fresh, touched: true }), true, 'a pulled change touched a conflicting row');
  assert.equal(conflictsDue({ ...fresh, now: iso(T0 + CONFLICTS_EVERY_MS - 1) }), false);
  assert.equal(conflictsDue({ ...fresh, now: iso(T0 + CONFLICTS_EVERY_MS) }), true, 'every 15 minutes');
  assert.equal(conflictsDue({ ...fresh, now: iso(T0 + 5000), everyMs: 5000 }), true);
  assert.equal(conflictsDue({ ...fresh, now: iso(T0 - 1000) }), true, 'the clock went back');
  assert.equal(conflictsDue({ ...fresh, fetchedAt: 'n/a' }), true);
  for (const role of ['prescriber', undefined]) {
    assert.equal(conflictsDue({ role, fetchedAt: null, due: true, touched: true, now: iso(T0) }), false);
  }
});

test('the list is asked at the first sync; a conflict a push meets comes with its answer', async () => {
  const server = new FakeServer();
  const c = clock();
  const a = await device(server, 'a', { now: c.now });
  const b = await device(server, 'b', { now: c.now });
  await a.outbox.record('beneficiaries', 'b1', { first_name: 'Léa', commune: 'Saint-Claude' });
  await a.sync.run();
  await b.sync.run();
  assert.equal(conflictAsks(server), 2, 'one first sync each');
  assert.equal(await b.db.getMeta('conflicts_at'), iso(T0));
  await a.outbox.record('beneficiaries', 'b1', { commune: 'Viry' });
  await a.sync.run();
  assert.equal(conflictAsks(server), 2, 'an ordinary run: not asked');
  await b.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  const before = server.requests.length;
  const result = await b.sync.run();
  assert.equal(result.summary.conflicts, 1);
  assert.equal(server.requests.length, before + 1, 'one request: the list came with the answer');
  assert.equal(conflictCalls(server), 0);
  assert.deepEqual((await b.db.getMeta('conflicts')).map((k) => k.row_id), ['b1']);
  assert.equal(await b.db.getMeta('conflicts_due'), null, 'done: nothing left due');
  await b.sync.run();
  assert.equal(conflictAsks(server), 3, 'while one is shown, each run asks (it may be settled elsewhere)');
  assert.equal(conflictCalls(server), 0);
});

test('a merged answer with a conflict_id brings the list too', async () => {
  const server = new FakeServer();
  const d = await device(server);
  server.write('beneficiaries', 'b1', { first_name: 'Léa', commune: 'Viry' });
  await d.sync.run();
  server.write('beneficiaries', 'b1', { commune: 'Morez' });
  await d.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux', phone: '0611' }, { baseVersion: 1 });
  const before = server.requests.length;
  await d.sync.run();
  assert.equal(server.processed.size, 1);
  assert.equal([...server.processed.values()][0].status, 'merged');
  assert.equal(server.requests.length, before + 1);
  assert.equal((await d.db.getMeta('conflicts')).length, 1);
});

test('a conflict resolved on another device leaves the status list at the next run', async () => {
  const server = new FakeServer();
  const d = await device(server);
  server.write('beneficiaries', 'b1', { commune: 'Viry' });
  server.conflicts.push({ id: 'k1', table: 'beneficiaries', row_id: 'b1', fields: { commune: { server: 'Viry', client: 'Lajoux' } } });
  await d.sync.run();
  assert.equal((await d.db.getMeta('conflicts')).length, 1);
  server.conflicts = []; // resolved elsewhere: the resolution is a new version of the row
  server.write('beneficiaries', 'b1', { commune: 'Lajoux' });
  const before = server.requests.length;
  await d.sync.run();
  assert.equal(server.requests.length, before + 1);
  assert.deepEqual(await d.db.getMeta('conflicts'), []);
  assert.equal(conflictCalls(server), 0);
});

test('conflicts raised by other devices are picked up within 15 minutes', async () => {
  const server = new FakeServer();
  const c = clock();
  const d = await device(server, 'tablette', { now: c.now });
  await d.sync.run();
  server.conflicts.push({ id: 'k9', table: 'contacts', row_id: 'c9', fields: {} });
  c.advance(CONFLICTS_EVERY_MS - 60000);
  await d.sync.run();
  assert.deepEqual(await d.db.getMeta('conflicts'), []);
  c.advance(60000);
  await d.sync.run();
  assert.equal((await d.db.getMeta('conflicts')).length, 1);
  assert.equal(await d.db.getMeta('conflicts_at'), iso(T0 + CONFLICTS_EVERY_MS));
});

test('an answer without the list it should hold: fetched on its own, tried again next run', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.sync.run();
  server.conflicts.push({ id: 'k1', table: 'contacts', row_id: 'c1', fields: {} });
  server.write('contacts', 'c1', { subject: 'Permis' });
  await d.outbox.record('contacts', 'c1', { subject: 'Code' }, { baseVersion: 0 });
  const exchange = server.exchange.bind(server);
  server.exchange = (body) => { const [status, answer] = exchange(body); delete answer.conflicts; return [status, answer]; };
  server.failing.add('/api/sync/conflicts');
  const failed = await d.sync.run(); // the push names a conflict, the list cannot be fetched
  assert.equal(failed.error, 'server');
  assert.equal(await d.db.getMeta('conflicts_due'), true);
  server.failing.clear();
  const before = conflictCalls(server);
  assert.equal((await d.sync.run()).error, null);
  assert.equal(conflictCalls(server), before + 1);
  assert.ok((await d.db.getMeta('conflicts')).length >= 1);
  assert.equal(await d.db.getMeta('conflicts_due'), null);
});

test('prescribers never ask for the list', async () => {
  const server = new FakeServer();
  const d = await device(server, 'pro', { role: 'prescriber' });
  await d.outbox.record('referrals', 'r1', { status: 'ouverte' });
  server.write('referrals', 'r1', { status: 'close' });
  await d.sync.run();
  await d.sync.run();
  assert.equal(conflictAsks(server), 0);
});

test('opening the conflicts screen fetches the list, stores it and tells the listeners', async () => {
  const server = new FakeServer();
  const c = clock();
  const d = await device(server, 'tablette', { now: c.now });
  await d.sync.run();
  server.conflicts.push({ id: 'k2', table: 'contacts', row_id: 'c2', fields: {} });
  c.advance(1000);
  const seen = [];
  d.sync.onChange(() => seen.push('change'));
  const items = await d.sync.refreshConflicts();
  assert.deepEqual(items.map((k) => k.id), ['k2']);
  assert.deepEqual((await d.db.getMeta('conflicts')).map((k) => k.id), ['k2']);
  assert.equal(await d.db.getMeta('conflicts_at'), iso(T0 + 1000));
  assert.ok(seen.length >= 1, 'the status bar hears of it');
});

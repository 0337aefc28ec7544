import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pullPath, EXCHANGE_PAGE } from '../../pwa/js/sync.js';
import { FakeServer, pushes, paths } from './fake-server.js';
import { device } from './helpers.js';

test('one exchange: the server acknowledges, the row carries its version, the outbox empties', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  const result = await d.sync.run();
  assert.equal(result.error, null);
  assert.equal(await d.outbox.count(), 0);
  assert.equal((await d.db.get('beneficiaries', 'b1'))._version, 1);
  assert.deepEqual(paths(server), ['/api/sync/exchange']);
  const [{ body }] = server.requests;
  assert.equal(body.client_id, await d.auth.deviceId());
  assert.equal(body.schema_version, 1);
  assert.equal(body.cursor, null);
  assert.equal(body.conflicts, true, 'first sync: the list is asked in the same request');
  assert.deepEqual(await d.db.getMeta('conflicts'), []);
  assert.equal(await d.db.getMeta('cursor'), '1');
});

test('offline: nothing is lost, the next run sends the same mutation ids', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('contacts', 'c1', { channel: 'telephone' });
  server.offline = true;
  assert.equal((await d.sync.run()).error, 'offline');
  assert.equal(await d.outbox.count(), 1);
  server.offline = false;
  server.loseNextAnswer = true; // the server applies it but the answer never arrives
  assert.equal((await d.sync.run()).error, 'offline');
  assert.equal(await d.outbox.count(), 1);
  assert.equal((await d.sync.run()).error, null);
  assert.equal(await d.outbox.count(), 0);
  const sent = pushes(server);
  assert.equal(sent.length, 2);
  assert.equal(sent[0].body.mutations[0].id, sent[1].body.mutations[0].id);
  assert.equal(server.rows.size, 1);
});

test('an expired access token is refreshed once and the same batch retried', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('contacts', 'c1', { channel: 'web' });
  server.expireAccess();
  const result = await d.sync.run();
  assert.equal(result.error, null);
  const sent = pushes(server);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[0].body.mutations, sent[1].body.mutations);
  assert.equal(server.requests.filter((r) => r.path === '/api/auth/refresh').length, 1);
  assert.equal((await d.db.getMeta('auth')).refresh_token, 'R2');
});

test('concurrent requests share one refresh (a refresh token works only once)', async () => {
  const server = new FakeServer();
  const d = await device(server);
  server.expireAccess();
  await Promise.all([d.api.get('/api/sync/conflicts'), d.api.get('/api/sync/conflicts'), d.api.get('/api/sync/conflicts')]);
  assert.equal(server.requests.filter((r) => r.path === '/api/auth/refresh').length, 1);
});

test('a refused refresh ends the session but keeps the outbox', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('contacts', 'c1', { channel: 'web' });
  server.expireAccess();
  server.tokens.refresh = 'R-other';
  assert.equal((await d.sync.run()).error, 'auth');
  assert.equal(d.auth.expired(), true);
  assert.equal(await d.outbox.count(), 1);
});

test('409 schema not supported: the outbox is kept', async () => {
  const server = new FakeServer();
  server.schemaRange = [2, 3];
  const d = await device(server);
  await d.outbox.record('contacts', 'c1', { channel: 'web' });
  assert.equal((await d.sync.run()).error, 'schema');
  assert.equal(await d.outbox.count(), 1);
});

test('a revoked device is told, through onRevoked', async () => {
  const server = new FakeServer();
  const d = await device(server);
  server.revoked = true;
  assert.equal((await d.sync.run()).error, 'revoked');
  assert.equal(d.revoked.length, 1);
});

test('more than a page: the exchange brings the first, pulls the rest once each, keeps the cursor', async () => {
  const server = new FakeServer();
  for (let i = 0; i < 25; i += 1) server.write('offers', `o${i}`, { nom: `Offre ${i}` });
  const d = await device(server, 'tablette', { pageSize: 10 });
  const seen = [];
  d.sync.onChange((s) => { if (s.phase === 'pull') seen.push([s.firstSync, s.received]); });
  await d.sync.run();
  assert.equal((await d.db.getAll('offers')).length, 25);
  assert.equal(await d.db.getMeta('cursor'), '25');
  assert.deepEqual(paths(server), ['/api/sync/exchange', '/api/sync/exchange', '/api/sync/exchange']);
  assert.deepEqual(server.requests.map((r) => r.body.cursor), [null, '10', '20'], 'each page once');
  assert.ok(seen.some(([first, n]) => first && n === 20), 'progress is reported during the first sync');
  server.write('offers', 'o3', { nom: 'Offre 3 (modifiée)' });
  await d.sync.run();
  assert.equal(server.requests.length, 4, 'one exchange: nothing more than a page');
  assert.equal(server.requests.at(-1).auth, `Bearer ${server.tokens.access}`);
  assert.equal((await d.db.get('offers', 'o3')).nom, 'Offre 3 (modifiée)');
});

test('pullPath encodes the opaque cursor', () => {
  assert.equal(pullPath(null, 500), '/api/sync/pull?limit=500');
  assert.equal(pullPath('a+b/c=', 10), '/api/sync/pull?limit=10&cursor=a%2Bb%2Fc%3D');
});

test('two devices: edits of different fields both survive, same field gives a conflict', async () => {
  const server = new FakeServer();
  const a = await device(server, 'a');
  const b = await device(server, 'b');
  await a.outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  await a.sync.run();
  await b.sync.run();
  await a.outbox.record('beneficiaries', 'b1', { commune: 'Viry', phone: '0611' });
  await b.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux', notes: 'permis' });
  await a.sync.run();
  await b.sync.run();
  await a.sync.run();
  const ra = await a.db.get('beneficiaries', 'b1');
  const rb = await b.db.get('beneficiaries', 'b1');
  assert.deepEqual(ra, rb);
  assert.equal(ra.commune, 'Viry');
  assert.equal(ra.notes, 'permis');
  assert.equal(server.conflicts.length, 1);
  assert.deepEqual(server.conflicts[0].fields.commune, { server: 'Viry', client: 'Lajoux' });
  assert.equal((await b.db.getMeta('conflicts')).length, 1);
});

test('a create then an edit made before the answer: sent in two rounds, no false conflict', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  server.offline = true;
  await d.sync.run();
  await d.outbox.record('beneficiaries', 'b1', { commune: 'Septmoncel' });
  server.offline = false;
  await d.sync.run();
  assert.equal(server.conflicts.length, 0);
  assert.equal(server.rows.get('b1').data.commune, 'Septmoncel');
  assert.equal(await d.outbox.count(), 0);
});

test('a day on a slow link: one gzip exchange, pages of 5000, the list asked at the first sync only', async () => {
  const server = new FakeServer();
  for (let i = 0; i < 1500; i += 1) server.write('offers', `o${i}`, { nom: `Offre ${i}` });
  const d = await device(server);
  await d.sync.run();
  assert.deepEqual(paths(server), ['/api/sync/exchange'], '1,500 rows: one page of at most 5000');
  assert.equal(EXCHANGE_PAGE, 5000);
  assert.equal(server.requests[0].body.limit, 5000);
  assert.equal((await d.db.getAll('offers')).length, 1500);
  server.requests = [];
  for (let i = 0; i < 300; i += 1) await d.outbox.record('contacts', `c${i}`, { channel: 'visite', subject: `Permanence n°${i}`, notes: 'Point sur le code de la route.' });
  assert.equal((await d.sync.run()).error, null);
  assert.deepEqual(paths(server), ['/api/sync/exchange']);
  const [push] = server.requests;
  assert.equal(push.body.conflicts, undefined);
  assert.equal(push.encoding, 'gzip');
  assert.equal(push.body.mutations.length, 300);
  assert.ok(push.bytes < JSON.stringify(push.body).length / 5, `${push.bytes} bytes on the wire`);
  assert.equal(await d.outbox.count(), 0);
});

test('a server that cannot read gzip still gets the outbox, plain', async () => {
  const server = new FakeServer();
  server.acceptsGzip = false;
  const d = await device(server);
  for (let i = 0; i < 20; i += 1) await d.outbox.record('contacts', `c${i}`, { subject: `Permanence n°${i}`, notes: 'Point sur le permis.' });
  assert.equal((await d.sync.run()).error, null);
  assert.equal(await d.outbox.count(), 0);
  assert.deepEqual(server.requests.filter((r) => r.path === '/api/sync/exchange').map((r) => r.encoding), ['gzip', null]);
});

test('the next page is fetched while one is stored; a page that cannot be stored is pulled again', async () => {
  const server = new FakeServer();
  for (let i = 0; i < 10; i += 1) server.write('offers', `o${i}`, { nom: `Offre ${i}` });
  server.write('partners', true, { nom: 'Urbus' }); // row_id true: not an IndexedDB key
  for (let i = 10; i < 25; i += 1) server.write('offers', `o${i}`, { nom: `Offre ${i}` });
  const d = await device(server, 'tablette', { pageSize: 10 });
  assert.equal((await d.sync.run()).error, 'server');
  assert.deepEqual(server.requests.map((r) => r.body.cursor), [null, '10', '20'], 'page 3 was on its way while page 2 was stored');
  assert.equal(await d.db.getMeta('cursor'), '10', 'the page before it is kept, nothing after it');
  assert.equal((await d.db.getAll('offers')).length, 10);
  server.rows.delete(true);
  assert.equal((await d.sync.run()).error, null);
  assert.equal((await d.db.getAll('offers')).length, 25);
  assert.equal(await d.db.getMeta('cursor'), '26');
});

test('a no-op sync is one request, and no page is ever asked twice', async () => {
  const server = new FakeServer();
  for (let i = 0; i < 25; i += 1) server.write('offers', `o${i}`, { nom: `Offre ${i}` });
  const d = await device(server, 'tablette', { pageSize: 10 });
  await d.sync.run();
  const cursors = server.requests.map((r) => r.body.cursor);
  assert.deepEqual(cursors, [null, '10', '20']);
  server.requests = [];
  const result = await d.sync.run();
  assert.equal(result.error, null);
  assert.deepEqual(paths(server), ['/api/sync/exchange']);
  assert.equal(server.requests[0].body.cursor, '25');
  assert.deepEqual(server.requests[0].body.mutations, []);
});

test('triggers during a run join it; a change typed during it is sent, then nothing more', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.sync.run();
  server.requests = [];
  await d.outbox.record('contacts', 'c1', { channel: 'visite' });
  const runs = [d.sync.run(), d.sync.run(), d.sync.run()]; // network back, foreground, timer
  assert.ok(runs.every((r) => r === runs[0]));
  await d.outbox.record('contacts', 'c2', { channel: 'telephone' }); // typed while it runs
  await Promise.all(runs);
  assert.equal(await d.outbox.count(), 0);
  assert.equal(server.rows.size, 2);
  assert.ok(server.requests.length <= 2, `${server.requests.length} requests`);
  assert.ok(server.requests.every((r) => r.path === '/api/sync/exchange'));
  server.requests = [];
  await d.sync.run();
  assert.equal(server.requests.length, 1, 'its own results brought nothing to send again');
});

test('the files opened ride along the exchange and leave the device once answered', async () => {
  const server = new FakeServer();
  const d = await device(server);
  const { createAudit } = await import('../../pwa/js/audit.js');
  const audit = createAudit({ db: d.db, api: d.api, auth: d.auth, target: null });
  const { createSync } = await import('../../pwa/js/sync.js');
  const sync = createSync({ db: d.db, api: d.api, outbox: d.outbox, auth: d.auth, audit });
  await audit.viewed('b1');
  await d.outbox.record('contacts', 'c1', { channel: 'visite' });
  server.loseNextAnswer = true; // applied, the answer lost: both are sent again, same ids
  assert.equal((await sync.run()).error, 'offline');
  assert.equal(await d.db.count('views'), 1);
  assert.equal((await sync.run()).error, null);
  assert.deepEqual(paths(server), ['/api/sync/exchange', '/api/sync/exchange']);
  const [first, second] = server.requests.map((r) => r.body);
  assert.deepEqual(first.views, second.views);
  assert.deepEqual(first.mutations, second.mutations);
  assert.equal(server.views.size, 1);
  assert.equal(await d.db.count('views'), 0);
  server.refuseViews = true; // a view the server cannot read does not hold the data back
  await audit.viewed('b2');
  await d.outbox.record('contacts', 'c2', { channel: 'visite' });
  const result = await sync.run();
  assert.equal(result.error, null);
  assert.equal(result.auditError, 'server');
  assert.equal(await d.outbox.count(), 0);
  assert.equal(await d.db.count('views'), 1, 'kept for later');
});

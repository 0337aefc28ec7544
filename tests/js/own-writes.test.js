// Base versions against a server that lets a device's own writes through: a change waiting
// behind an in-flight one of the same row carries the version the device PULLED, so it meets
// its own earlier writes without conflict and other devices' changes with one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServer, pushes } from './fake-server.js';
import { device } from './helpers.js';

test('a lost answer does not let a queued edit overwrite another device\'s change', async () => {
  const server = new FakeServer();
  const d2 = await device(server, 'd2');
  const d3 = await device(server, 'd3');
  server.write('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  await d2.sync.run();
  await d3.sync.run();
  await d3.outbox.record('beneficiaries', 'b1', { last_name: 'Morel' });
  await d3.sync.run();
  await d2.outbox.record('beneficiaries', 'b1', { first_name: 'Lena' });
  server.loseNextAnswer = true; // applied, the answer never arrives
  assert.equal((await d2.sync.run()).error, 'offline');
  await d2.outbox.record('beneficiaries', 'b1', { last_name: 'Moreau' }); // d2 never saw Morel
  const result = await d2.sync.run();
  assert.equal(result.error, null);
  assert.equal(result.summary.conflicts, 1);
  assert.equal(server.rows.get('b1').data.last_name, 'Morel', 'd3\'s value stays');
  assert.deepEqual(server.conflicts.at(-1).fields, { last_name: { server: 'Morel', client: 'Moreau' } });
  assert.equal(pushes(server).at(-1).body.mutations[0].base_version, 1, 'the version d2 pulled');
  assert.equal((await d2.db.get('beneficiaries', 'b1')).last_name, 'Morel', 'd2 shows the server\'s value');
});

test('a create then an edit, the first answer lost: no conflict with itself', async () => {
  const server = new FakeServer();
  const d = await device(server);
  await d.outbox.record('beneficiaries', 'b1', { first_name: 'Léa', commune: 'Viry' });
  server.loseNextAnswer = true;
  await d.sync.run();
  await d.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  const result = await d.sync.run();
  assert.deepEqual(result.summary, { applied: 2, conflicts: 0, rejected: 0 });
  assert.equal(server.rows.get('b1').data.commune, 'Lajoux');
  assert.equal((await d.db.get('beneficiaries', 'b1')).commune, 'Lajoux');
});

test('the same field edited twice while the first is in flight: no conflict', async () => {
  const server = new FakeServer();
  const d = await device(server);
  server.write('beneficiaries', 'b1', { first_name: 'Léa', commune: 'Viry' });
  await d.sync.run();
  await d.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  server.loseNextAnswer = true;
  await d.sync.run();
  await d.outbox.record('beneficiaries', 'b1', { commune: 'Morez' });
  const result = await d.sync.run();
  assert.equal(result.summary.conflicts, 0);
  assert.equal(server.rows.get('b1').data.commune, 'Morez');
  assert.deepEqual(pushes(server).slice(1).map((p) => p.body.mutations[0].base_version), [1, 1]);
});

test('another device in between: the same double edit conflicts', async () => {
  const server = new FakeServer();
  const a = await device(server, 'a');
  const b = await device(server, 'b');
  server.write('beneficiaries', 'b1', { commune: 'Viry' });
  await a.sync.run();
  await b.sync.run();
  await a.outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  await a.sync.run(); // applied; a's pull brings its own version 2
  await b.outbox.record('beneficiaries', 'b1', { commune: 'Morez' }); // b saw version 1 only
  const result = await b.sync.run();
  assert.equal(result.summary.conflicts, 1);
  assert.equal(server.rows.get('b1').data.commune, 'Lajoux');
});

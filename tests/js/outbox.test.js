import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './helpers.js';
import { selectBatch, inheritedBase, toWire } from '../../pwa/js/outbox.js';

test('a change writes the row and queues one mutation in the same transaction', async () => {
  const { db, outbox } = await setup();
  await outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  const row = await db.get('beneficiaries', 'b1');
  assert.equal(row.first_name, 'Léa');
  assert.equal(row._version, null);
  const [m] = await outbox.all();
  assert.deepEqual(toWire(m), {
    id: 'm-0001', table: 'beneficiaries', op: 'upsert', row_id: 'b1', base_version: null,
    fields: { first_name: 'Léa', last_name: 'Martin' }, client_ts: '2026-11-25T09:00:00Z',
  });
});

test('changes to a row never sent are folded into its mutation', async () => {
  const { outbox } = await setup();
  await outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  await outbox.record('beneficiaries', 'b1', { commune: 'Septmoncel' });
  const all = await outbox.all();
  assert.equal(all.length, 1);
  assert.deepEqual(all[0].fields, { first_name: 'Léa', last_name: 'Martin', commune: 'Septmoncel' });
});

test('a sent mutation is frozen: a later change waits for its answer and inherits its version', async () => {
  const { db, outbox } = await setup();
  await outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  const [sent] = await outbox.takeBatch();
  await outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  let all = await outbox.all();
  assert.equal(all.length, 2);
  assert.deepEqual(all[0].fields, { first_name: 'Léa', last_name: 'Martin' }, 'the sent one is unchanged');
  assert.equal(all[1].base_pending, true);
  // The retry (no answer came) sends the same mutation with the same id, alone for its row.
  const retry = await outbox.takeBatch();
  assert.deepEqual(retry.map((m) => m.id), [sent.id]);
  await outbox.applyResults(retry, [{ id: sent.id, status: 'applied', row_id: 'b1', version: 7 }]);
  all = await outbox.all();
  assert.equal(all.length, 1);
  assert.equal(all[0].base_version, 7);
  assert.equal(all[0].base_pending, false);
  assert.equal((await db.get('beneficiaries', 'b1'))._version, 7);
  assert.equal((await db.get('beneficiaries', 'b1')).commune, 'Lajoux');
});

test('an edit of a synced row carries the version last seen', async () => {
  const { db, outbox } = await setup();
  await db.put('beneficiaries', { id: 'b2', first_name: 'Noé', last_name: 'Roy', _version: 12 });
  await outbox.record('beneficiaries', 'b2', { phone: '0600000000' });
  const [m] = await outbox.all();
  assert.equal(m.base_version, 12);
  assert.deepEqual(m.fields, { phone: '0600000000' });
});

test('deleting a row created offline and never sent forgets both', async () => {
  const { db, outbox } = await setup();
  await outbox.record('contacts', 'c1', { channel: 'telephone' });
  await outbox.record('contacts', 'c1', {}, { op: 'delete' });
  assert.equal(await outbox.count(), 0);
  assert.equal(await db.get('contacts', 'c1'), undefined);
});

test('deleting a synced row queues a delete with its base version', async () => {
  const { db, outbox } = await setup();
  await db.put('contacts', { id: 'c2', channel: 'web', _version: 3 });
  await outbox.record('contacts', 'c2', {}, { op: 'delete' });
  const [m] = await outbox.all();
  assert.equal(m.op, 'delete');
  assert.equal(m.base_version, 3);
  assert.equal(await db.get('contacts', 'c2'), undefined);
});

test('nothing leaves the outbox without an answer naming it', async () => {
  const { outbox } = await setup();
  await outbox.record('contacts', 'c1', { channel: 'telephone' });
  await outbox.record('contacts', 'c2', { channel: 'web' });
  const batch = await outbox.takeBatch();
  await outbox.applyResults(batch, [{ id: batch[1].id, status: 'applied', row_id: 'c2', version: 4 }]);
  const left = await outbox.all();
  assert.deepEqual(left.map((m) => m.row_id), ['c1']);
  assert.equal(left[0].attempted, true);
});

test('a rejected mutation is acknowledged, and kept visible with its errors', async () => {
  const { db, outbox } = await setup();
  await outbox.record('sessions', 's1', { kind: 'permanence', title: 'Restos', starts_at: 'hier' });
  const batch = await outbox.takeBatch();
  const summary = await outbox.applyResults(batch, [{ id: batch[0].id, status: 'rejected', row_id: 's1', errors: { starts_at: ['Not a valid datetime.'] } }]);
  assert.equal(summary.rejected, 1);
  assert.equal(await outbox.count(), 0);
  const [rej] = await db.getAll('rejections');
  assert.deepEqual(rej.errors, { starts_at: ['Not a valid datetime.'] });
  assert.ok((await db.get('sessions', 's1'))._rejected);
});

test('an attendance merged into the canonical row adopts its id, later changes follow', async () => {
  const { db, outbox } = await setup();
  await outbox.record('attendances', 'a-mine', { session_id: 's1', beneficiary_id: 'b1', present: true });
  const batch = await outbox.takeBatch();
  await outbox.record('attendances', 'a-mine', { present: false });
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'merged', row_id: 'a-canon', version: 20 }]);
  assert.equal(await db.get('attendances', 'a-mine'), undefined);
  const canon = await db.get('attendances', 'a-canon');
  assert.equal(canon.session_id, 's1');
  assert.equal(canon._version, 20);
  const [next] = await outbox.all();
  assert.equal(next.row_id, 'a-canon');
  assert.equal(next.base_version, 20);
  assert.equal(next.base_pending, false);
});

test('selectBatch keeps order, one mutation per row, and the size limit', () => {
  const ms = [
    { seq: 3, row_id: 'a', base_pending: true }, { seq: 1, row_id: 'a' }, { seq: 2, row_id: 'b' },
    { seq: 4, row_id: 'c' }, { seq: 5, row_id: 'd' },
  ];
  assert.deepEqual(selectBatch(ms).map((m) => m.seq), [1, 2, 4, 5]);
  assert.deepEqual(selectBatch(ms, 2).map((m) => m.seq), [1, 2]);
});

test('inheritedBase: a conflict keeps the old base so later edits still meet the conflict rule', () => {
  assert.equal(inheritedBase({ base_version: 5 }, { status: 'applied', version: 9 }), 9);
  assert.equal(inheritedBase({ base_version: 5 }, { status: 'duplicate', version: 9 }), 9);
  assert.equal(inheritedBase({ base_version: 5 }, { status: 'conflict', version: 9 }), 5);
  assert.equal(inheritedBase({ base_version: null }, { status: 'rejected' }), null);
});

test('a form passes the version it was opened with: a change pulled meanwhile still conflicts', async () => {
  const { db, outbox } = await setup();
  await db.put('beneficiaries', { id: 'b3', first_name: 'Sami', commune: 'Viry', _version: 15 }); // pulled while the form was open
  await outbox.record('beneficiaries', 'b3', { commune: 'Lajoux' }, { baseVersion: 11 });
  const [m] = await outbox.all();
  assert.equal(m.base_version, 11);
});

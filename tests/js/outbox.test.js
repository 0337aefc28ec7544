import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './helpers.js';
import { selectBatch, refused, toWire } from '../../pwa/js/outbox.js';
import { mergePage } from '../../pwa/js/merge.js';

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

test('a sent mutation is frozen: a later change waits for its answer, based on what was pulled', async () => {
  const { db, outbox } = await setup();
  await outbox.record('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
  const [sent] = await outbox.takeBatch();
  await outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  let all = await outbox.all();
  assert.equal(all.length, 2);
  assert.deepEqual(all[0].fields, { first_name: 'Léa', last_name: 'Martin' }, 'the sent one is unchanged');
  assert.equal(all[1].base_version, null, 'created here, never pulled: the server counts it as based on 0');
  // The retry (no answer came) sends the same mutation with the same id, alone for its row.
  const retry = await outbox.takeBatch();
  assert.deepEqual(retry.map((m) => m.id), [sent.id]);
  await outbox.applyResults(retry, [{ id: sent.id, status: 'applied', row_id: 'b1', version: 7 }]);
  all = await outbox.all();
  assert.equal(all.length, 1);
  assert.equal(all[0].base_version, null, 'never the version of a push answer');
  assert.equal((await db.get('beneficiaries', 'b1'))._version, null);
  assert.equal((await db.get('beneficiaries', 'b1')).commune, 'Lajoux');
});

test('an edit queued behind an in-flight update carries the version pulled, not the answer\'s', async () => {
  const { db, outbox } = await setup();
  await mergePage(db, { changes: [{ table: 'beneficiaries', row_id: 'b1', version: 4, deleted: false, data: { id: 'b1', first_name: 'Léa', last_name: 'Martin' } }], cursor: '4', has_more: false });
  await outbox.record('beneficiaries', 'b1', { first_name: 'Lena' });
  const batch = await outbox.takeBatch();
  await outbox.record('beneficiaries', 'b1', { last_name: 'Morel' }); // the first is in flight
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'applied', row_id: 'b1', version: 9 }]);
  const [next] = await outbox.all();
  assert.equal(next.base_version, 4, 'version 9 may hold another device\'s last_name, never seen here');
  assert.equal((await db.get('beneficiaries', 'b1'))._version, 4);
});

test('refused: a rejection, or a duplicate carrying errors', () => {
  assert.equal(refused({ status: 'rejected', errors: {} }), true);
  assert.equal(refused({ status: 'duplicate', version: null, errors: { x: ['non'] } }), true);
  assert.equal(refused({ status: 'duplicate', version: 3, conflict_id: 'k' }), false);
  for (const status of ['applied', 'merged', 'conflict', 'duplicate']) assert.equal(refused({ status, version: 3 }), false);
});

test('a duplicate answer with errors is kept as a rejection', async () => {
  const { db, outbox } = await setup();
  await outbox.record('sessions', 's1', { title: 'Restos', starts_at: 'hier' });
  const batch = await outbox.takeBatch();
  const summary = await outbox.applyResults(batch, [{ id: batch[0].id, status: 'duplicate', row_id: 's1', version: null, errors: { starts_at: ['Not a valid datetime.'] } }]);
  assert.deepEqual(summary, { applied: 0, conflicts: 0, rejected: 1 });
  assert.equal((await db.getAll('rejections')).length, 1);
  assert.ok((await db.get('sessions', 's1'))._rejected.starts_at);
});

test('a change that ends in conflict shows the server\'s value, even pulled past meanwhile', async () => {
  const { db, outbox } = await setup();
  const pull = (version, data, cursor) => mergePage(db, { changes: [{ table: 'beneficiaries', row_id: 'b1', version, deleted: false, data: { id: 'b1', ...data } }], cursor, has_more: false });
  await pull(4, { first_name: 'Léa', commune: 'Viry' }, '4');
  await outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
  const batch = await outbox.takeBatch();
  await pull(6, { first_name: 'Léa', commune: 'Morez' }, '6'); // another device, pulled while queued
  assert.equal((await db.get('beneficiaries', 'b1')).commune, 'Lajoux', 'ours on top while queued');
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'conflict', row_id: 'b1', version: 6, conflict_id: 'k1' }]);
  const row = await db.get('beneficiaries', 'b1');
  assert.equal(row.commune, 'Morez', 'the server kept Morez; Lajoux waits in the conflict');
  assert.equal(row._version, 6);
});

test('a rejected edit falls back to the server copy and stays flagged', async () => {
  const { db, outbox } = await setup();
  await mergePage(db, { changes: [{ table: 'sessions', row_id: 's1', version: 2, deleted: false, data: { id: 's1', title: 'Restos', starts_at: '2026-11-25T09:00:00Z' } }], cursor: '2', has_more: false });
  await outbox.record('sessions', 's1', { starts_at: 'hier' });
  const batch = await outbox.takeBatch();
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'rejected', row_id: 's1', errors: { starts_at: ['Not a valid datetime.'] } }]);
  const row = await db.get('sessions', 's1');
  assert.equal(row.starts_at, '2026-11-25T09:00:00Z');
  assert.ok(row._rejected.starts_at);
});

test('a delete that ends in conflict brings back the row as last pulled', async () => {
  const { db, outbox } = await setup();
  const pull = (version, subject, cursor) => mergePage(db, { changes: [{ table: 'contacts', row_id: 'c1', version, deleted: false, data: { id: 'c1', subject } }], cursor, has_more: false });
  await pull(3, 'Permis', '3');
  await outbox.record('contacts', 'c1', {}, { op: 'delete' });
  const batch = await outbox.takeBatch();
  await pull(5, 'Permis B', '5'); // edited elsewhere, pulled while the delete was queued
  assert.equal(await db.get('contacts', 'c1'), undefined);
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'conflict', row_id: 'c1', version: 5, conflict_id: 'k1' }]);
  const row = await db.get('contacts', 'c1');
  assert.equal(row.subject, 'Permis B');
  assert.equal(row._version, 5);
});

test('deleting a row whose creation was acknowledged sends the delete', async () => {
  const { outbox } = await setup();
  await outbox.record('contacts', 'c1', { channel: 'telephone' });
  const batch = await outbox.takeBatch();
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'applied', row_id: 'c1', version: 3 }]);
  await outbox.record('contacts', 'c1', { channel: 'web' });
  await outbox.record('contacts', 'c1', {}, { op: 'delete' }); // folded into the unsent edit
  const [m] = await outbox.all();
  assert.equal(m.op, 'delete', 'the server knows the row: not forgotten');
  assert.equal(m.base_version, null);
});

test('an entry queued by an older app (base_pending) takes the earlier base, not the answer\'s', async () => {
  const { db, outbox } = await setup();
  await db.put('beneficiaries', { id: 'b1', first_name: 'Léa', _version: 4 });
  await outbox.record('beneficiaries', 'b1', { first_name: 'Lena' });
  const batch = await outbox.takeBatch();
  await db.put('outbox', { id: 'old', table: 'beneficiaries', op: 'upsert', row_id: 'b1', fields: { notes: 'x' }, base_version: null, base_pending: true, client_ts: 'T', attempted: false });
  assert.deepEqual((await outbox.takeBatch()).map((m) => m.id), [batch[0].id], 'it waits');
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'applied', row_id: 'b1', version: 9 }]);
  const [next] = await outbox.all();
  assert.deepEqual([next.id, next.base_version, next.base_pending], ['old', 4, false]);
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
  assert.equal(await db.get('attendances', 'a-canon'), undefined, 'not pulled here: the next pull brings it, if live');
  const [next] = await outbox.all();
  assert.equal(next.row_id, 'a-canon');
  assert.equal(next.base_version, null);
});

test('an attendance merged into a canonical row pulled here shows it, our queued change on top', async () => {
  const { db, outbox } = await setup();
  const canonical = { id: 'a-canon', session_id: 's1', beneficiary_id: 'b1', present: true, note: 'serveur' };
  await mergePage(db, { changes: [{ table: 'attendances', row_id: 'a-canon', version: 4, deleted: false, data: canonical }], cursor: '4', has_more: false });
  await outbox.record('attendances', 'a-mine', { session_id: 's1', beneficiary_id: 'b1', present: true, note: 'ici' });
  const batch = await outbox.takeBatch();
  await outbox.record('attendances', 'a-mine', { present: false });
  // Nothing applied (the canonical row is still at version 4): our queued change on top.
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'merged', row_id: 'a-canon', version: 4, conflict_id: 'k1' }]);
  assert.equal(await db.get('attendances', 'a-mine'), undefined);
  assert.deepEqual(await db.get('attendances', 'a-canon'), { ...canonical, present: false, _version: 4, _server: canonical });
});

test('a conflict answer newer than the copy keeps the row until the pull brings that version', async () => {
  const { db, outbox } = await setup();
  const data = { id: 'b1', first_name: 'Léa', commune: 'Viry' };
  await mergePage(db, { changes: [{ table: 'beneficiaries', row_id: 'b1', version: 4, deleted: false, data }], cursor: '4', has_more: false });
  await outbox.record('beneficiaries', 'b1', { commune: 'Lajoux', notes: 'vu' });
  const batch = await outbox.takeBatch();
  // A duplicate cannot say whether it was merged: notes may have been applied at version 9.
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'duplicate', row_id: 'b1', version: 9, conflict_id: 'k1' }]);
  const row = await db.get('beneficiaries', 'b1');
  assert.deepEqual([row.commune, row.notes, row._version], ['Lajoux', 'vu', 4]);
});

test('selectBatch keeps order, one mutation per row, and the size limit', () => {
  const ms = [
    { seq: 3, row_id: 'a', base_pending: true }, { seq: 1, row_id: 'a' }, { seq: 2, row_id: 'b' },
    { seq: 4, row_id: 'c' }, { seq: 5, row_id: 'd' },
  ];
  assert.deepEqual(selectBatch(ms).map((m) => m.seq), [1, 2, 4, 5]);
  assert.deepEqual(selectBatch(ms, 2).map((m) => m.seq), [1, 2]);
});

test('a form passes the version it was opened with: a change pulled meanwhile still conflicts', async () => {
  const { db, outbox } = await setup();
  await db.put('beneficiaries', { id: 'b3', first_name: 'Sami', commune: 'Viry', _version: 15 }); // pulled while the form was open
  await outbox.record('beneficiaries', 'b3', { commune: 'Lajoux' }, { baseVersion: 11 });
  const [m] = await outbox.all();
  assert.equal(m.base_version, 11);
});

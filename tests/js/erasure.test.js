// A person's tombstone, pulled, removes everything about them from the device: the person,
// their rows, waiting changes (an offline edit must not bring them back), drafts, refusals,
// conflicts; later rows about them are not stored; the app refuses new writes about them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, device } from './helpers.js';
import { FakeServer } from './fake-server.js';
import { mergePage } from '../../pwa/js/merge.js';
import { erasuresOf, forgetPeople, writesAboutErased } from '../../pwa/js/erasure.js';

const live = (table, id, version, data) => ({ table, row_id: id, version, deleted: false, data: { id, ...data } });
const gone = (table, id, version) => ({ table, row_id: id, version, deleted: true, data: null });

// A device holding Léa (b1) with a file full of rows, and Noé (b2) who stays.
async function deviceWithLea() {
  const { db, outbox } = await setup();
  await mergePage(db, { changes: [
    live('beneficiaries', 'b1', 1, { first_name: 'Léa', last_name: 'Martin' }),
    live('beneficiaries', 'b2', 2, { first_name: 'Noé', last_name: 'Roy' }),
    live('diagnostics', 'd1', 3, { beneficiary_id: 'b1', date: '2026-11-02' }),
    live('contacts', 'c1', 4, { beneficiary_id: 'b1', subject: 'Permis' }),
    live('contacts', 'c2', 5, { beneficiary_id: 'b2', subject: 'Vélo' }),
    live('action_steps', 's1', 6, { beneficiary_id: 'b1', label: 'Code' }),
    live('attendances', 'a1', 7, { beneficiary_id: 'b1', session_id: 'x1', present: true }),
    live('referrals', 'r1', 8, { beneficiary_id: 'b1', status: 'validee' }),
    live('outcomes', 'o1', 9, { beneficiary_id: 'b1', kind: 'code' }),
    live('sessions', 'x1', 10, { title: 'Atelier' }),
  ], cursor: '10', has_more: false });
  return { db, outbox };
}

const ids = async (db, store) => (await db.getAll(store)).map((r) => r.id ?? r.key ?? r.seq).sort();

test('erasuresOf: the last change of a person wins', () => {
  const { gone: g, back } = erasuresOf([gone('beneficiaries', 'b1', 1), live('beneficiaries', 'b2', 2, {}), gone('contacts', 'c1', 3),
    gone('beneficiaries', 'b2', 4), live('beneficiaries', 'b1', 5, {})]);
  assert.deepEqual([...g], ['b2']);
  assert.deepEqual([...back], ['b1']);
});

test('a pulled tombstone of a person removes them, their rows, waiting changes, drafts, refusals and conflicts', async () => {
  const { db, outbox } = await deviceWithLea();
  await outbox.record('beneficiaries', 'b1', { notes: 'vue hors ligne' }); // edited offline
  await outbox.record('contacts', 'c9', { beneficiary_id: 'b1', subject: 'Rappel' }); // created offline
  await outbox.record('contacts', 'c1', { subject: 'Permis B' }); // an edit without the person's id
  await outbox.record('contacts', 'c2', { subject: 'Vélo électrique' }); // about Noé: stays
  await db.put('drafts', { key: 'jeune-b1', values: { first_name: 'Léa' } });
  await db.put('drafts', { key: 'diag-d1', values: {} });
  await db.put('drafts', { key: 'contact-nouveau', values: { beneficiary_id: 'b1', subject: 'x' } });
  await db.put('drafts', { key: 'jeune-b2', values: { first_name: 'Noé' } });
  await db.put('rejections', { id: 'm-x', table: 'beneficiaries', row_id: 'b1', fields: { phone: '06' }, errors: {} });
  await db.put('rejections', { id: 'm-y', table: 'contacts', row_id: 'c2', fields: {}, errors: {} });
  await db.setMeta('conflicts', [{ id: 'k1', table: 'beneficiaries', row_id: 'b1' }, { id: 'k2', table: 'contacts', row_id: 'c2' }]);

  // The server's erasure: the person and every row about them, in any order, one page.
  const n = await mergePage(db, { changes: [gone('contacts', 'c1', 11), gone('beneficiaries', 'b1', 12), gone('diagnostics', 'd1', 13)], cursor: '13', has_more: false });
  assert.equal(n, 3);
  assert.deepEqual(await ids(db, 'beneficiaries'), ['b2']);
  assert.deepEqual(await ids(db, 'contacts'), ['c2']);
  for (const store of ['diagnostics', 'action_steps', 'attendances', 'referrals', 'outcomes']) assert.deepEqual(await ids(db, store), [], store);
  assert.deepEqual(await ids(db, 'sessions'), ['x1']);
  assert.deepEqual((await outbox.all()).map((m) => m.row_id), ['c2']);
  assert.deepEqual(await ids(db, 'drafts'), ['jeune-b2']);
  assert.deepEqual(await ids(db, 'rejections'), ['m-y']);
  assert.deepEqual((await db.getMeta('conflicts')).map((c) => c.id), ['k2']);
  assert.deepEqual(await db.getMeta('erased_people'), ['b1']);
  assert.deepEqual((await db.getMeta('erased_rows')).sort(), ['a1', 'b1', 'c1', 'c9', 'd1', 'o1', 'r1', 's1']);
  assert.equal(await db.getMeta('cursor'), '13');
});

test('rows about an erased person pulled later (a device that had not heard) are not stored', async () => {
  const { db } = await deviceWithLea();
  await mergePage(db, { changes: [gone('beneficiaries', 'b1', 11)], cursor: '11', has_more: true });
  const n = await mergePage(db, { changes: [
    live('contacts', 'c7', 12, { beneficiary_id: 'b1', subject: 'Écrit avant de savoir' }),
    live('contacts', 'c8', 13, { beneficiary_id: 'b2', subject: 'Noé' }),
  ], cursor: '13', has_more: false });
  assert.equal(n, 2);
  assert.deepEqual(await ids(db, 'contacts'), ['c2', 'c8']);
  // The server has the person live again (an office decision): shown again, rows too.
  await mergePage(db, { changes: [live('beneficiaries', 'b1', 14, { first_name: 'Léa' }), live('contacts', 'c7', 15, { beneficiary_id: 'b1' })], cursor: '15', has_more: false });
  assert.deepEqual(await ids(db, 'contacts'), ['c2', 'c7', 'c8']);
  assert.deepEqual(await db.getMeta('erased_people'), []);
});

test('without any erasure a page costs one extra read and changes nothing else', async () => {
  const { db } = await deviceWithLea();
  assert.equal(await db.getMeta('erased_people'), null);
  await mergePage(db, { changes: [gone('contacts', 'c1', 11)], cursor: '11', has_more: false });
  assert.equal(await db.getMeta('erased_people'), null);
  assert.deepEqual(await ids(db, 'beneficiaries'), ['b1', 'b2']);
});

test('forgetPeople erases at once on the coordinator\'s device; new writes about them are refused', async () => {
  const { db, outbox } = await deviceWithLea();
  await outbox.record('action_steps', 's1', { status: 'fait' });
  await forgetPeople(db, ['b1']);
  assert.deepEqual(await ids(db, 'beneficiaries'), ['b2']);
  assert.deepEqual(await ids(db, 'action_steps'), []);
  assert.equal(await outbox.count(), 0);
  assert.equal(await writesAboutErased(db, 'beneficiaries', 'b1', { notes: 'x' }), true);
  assert.equal(await writesAboutErased(db, 'contacts', 'c5', { beneficiary_id: 'b1' }), true);
  assert.equal(await writesAboutErased(db, 'contacts', 'c5', { beneficiary_id: 'b2' }), false);
  assert.equal(await writesAboutErased(db, 'beneficiaries', 'b2', {}), false);
});

// The server side of an erasure as the contract says: tombstones of the person and of every
// row about them. A later edit of an erased row conflicts (the engine's rule for a deleted
// row) or is refused (a server that refuses writes about erased people): both are tried.
class ErasingServer extends FakeServer {
  erase(personId) {
    for (const [id, row] of this.rows) {
      if (id === personId || row.data.beneficiary_id === personId) { row.deleted = true; row.data = {}; row.version = ++this.clock; }
    }
  }

  push(body) {
    if (!this.refuseErased) {
      // The engine's rule: an edit of a deleted row conflicts, its values kept in the record.
      const onDeleted = body.mutations.filter((m) => m.op === 'upsert' && (this.rows.get(m.row_id) || {}).deleted && !this.processed.has(m.id));
      const [status, answer] = super.push({ ...body, mutations: body.mutations.filter((m) => !onDeleted.includes(m)) });
      for (const m of onDeleted) {
        const conflict = { id: `c${this.conflicts.length + 1}`, table: m.table, row_id: m.row_id, fields: { _deleted: { server: true, client: false } } };
        this.conflicts.push(conflict);
        const result = { id: m.id, status: 'conflict', row_id: m.row_id, version: this.rows.get(m.row_id).version, conflict_id: conflict.id };
        this.processed.set(m.id, result);
        answer.results.push(result);
      }
      return [status, answer];
    }
    if (this.refuseErased) {
      const refused = body.mutations.filter((m) => (this.rows.get(m.row_id) || {}).deleted);
      if (refused.length) {
        const [status, answer] = super.push({ ...body, mutations: body.mutations.filter((m) => !refused.includes(m)) });
        const results = [...answer.results, ...refused.map((m) => ({ id: m.id, status: 'rejected', row_id: m.row_id, version: null, errors: { _erased: ['Personne effacée.'] } }))];
        return [status, { ...answer, results }];
      }
    }
    return super.push(body);
  }
}

for (const refuseErased of [false, true]) {
  test(`an offline edit made before the erasure does not bring the person back (server ${refuseErased ? 'refuses' : 'records a conflict'})`, async () => {
    const server = new ErasingServer();
    server.refuseErased = refuseErased;
    server.write('beneficiaries', 'b1', { first_name: 'Léa', last_name: 'Martin' });
    server.write('contacts', 'c1', { beneficiary_id: 'b1', subject: 'Permis' });
    server.write('beneficiaries', 'b2', { first_name: 'Noé' });
    const tablet = await device(server, 'tablette');
    assert.equal((await tablet.sync.run()).error, null);
    assert.equal((await tablet.db.getAll('beneficiaries')).length, 2);

    server.offline = true; // in a valley: edits the file, adds a contact
    await tablet.outbox.record('beneficiaries', 'b1', { notes: 'vue à la permanence' });
    await tablet.outbox.record('contacts', 'c1', { subject: 'Permis B' });
    assert.equal((await tablet.sync.run()).error, 'offline');
    server.offline = false;
    server.erase('b1'); // meanwhile, the coordinator erases Léa

    assert.equal((await tablet.sync.run()).error, null);
    assert.deepEqual((await tablet.db.getAll('beneficiaries')).map((p) => p.id), ['b2']);
    assert.deepEqual(await tablet.db.getAll('contacts'), []);
    assert.equal(await tablet.outbox.count(), 0);
    assert.deepEqual(await tablet.db.getAll('rejections'), []);
    assert.deepEqual((await tablet.db.getMeta('conflicts', [])).filter((c) => c.row_id === 'b1' || c.row_id === 'c1'), []);
    assert.ok(server.rows.get('b1').deleted && server.rows.get('c1').deleted);
    assert.equal(server.conflicts.length, refuseErased ? 0 : 2, 'the server raised its conflicts; the device does not show them');
    assert.equal(await tablet.db.getMeta('conflicts_due', false), false);
    // A second sync changes nothing: nothing left to send about her.
    assert.equal((await tablet.sync.run()).error, null);
    assert.deepEqual((await tablet.db.getAll('beneficiaries')).map((p) => p.id), ['b2']);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './helpers.js';
import { rebase, mergePage } from '../../pwa/js/merge.js';

test('rebase: the server row, then pending local fields on top, the server copy beside', () => {
  const data = { id: 'b1', first_name: 'Léa', commune: 'Viry', version: 9 };
  const change = { table: 'beneficiaries', row_id: 'b1', version: 9, deleted: false, data };
  assert.deepEqual(rebase(change, []), { id: 'b1', first_name: 'Léa', commune: 'Viry', _version: 9, _server: data });
  const pending = [{ seq: 2, op: 'upsert', fields: { commune: 'Lajoux' } }, { seq: 1, op: 'upsert', fields: { commune: 'Bellecombe', phone: '06' } }];
  assert.deepEqual(rebase(change, pending), { id: 'b1', first_name: 'Léa', commune: 'Lajoux', phone: '06', _version: 9, _server: data });
});

test('rebase: a server deletion removes the row unless a local edit still waits', () => {
  const gone = { table: 'contacts', row_id: 'c1', version: 4, deleted: true, data: null };
  assert.equal(rebase(gone, []), null);
  assert.deepEqual(rebase(gone, [{ seq: 1, op: 'upsert', fields: { subject: 'Permis' } }]), { id: 'c1', _version: 4, _server: null, subject: 'Permis' });
  assert.equal(rebase({ ...gone, deleted: false, data: { id: 'c1' } }, [{ seq: 1, op: 'delete', fields: {} }]), null);
});

test('mergePage stores the rows and the cursor together', async () => {
  const { db, outbox } = await setup();
  await outbox.record('beneficiaries', 'b1', { notes: 'vu à la Médiathèque' });
  await db.put('contacts', { id: 'c9', channel: 'web', _version: 1 });
  const page = {
    changes: [
      { table: 'beneficiaries', row_id: 'b1', version: 5, deleted: false, data: { id: 'b1', first_name: 'Léa', last_name: 'Martin', notes: 'ancienne note' } },
      { table: 'contacts', row_id: 'c9', version: 6, deleted: true, data: null },
      { table: 'tables_of_tomorrow', row_id: 'x', version: 7, deleted: false, data: {} },
    ],
    cursor: 'cur-7', has_more: false,
  };
  const n = await mergePage(db, page, { at: 'T' });
  assert.equal(n, 2);
  assert.equal((await db.get('beneficiaries', 'b1')).notes, 'vu à la Médiathèque');
  assert.equal((await db.get('beneficiaries', 'b1'))._version, 5);
  assert.equal(await db.get('contacts', 'c9'), undefined);
  assert.equal(await db.getMeta('cursor'), 'cur-7');
  assert.equal(await db.getMeta('last_pull'), 'T');
});

test('a page that fails half-way leaves neither rows nor cursor behind', async () => {
  const { db } = await setup();
  await db.setMeta('cursor', 'cur-1');
  const page = {
    changes: [
      { table: 'partners', row_id: 'p1', version: 2, deleted: false, data: { nom: 'CPIE Haut-Jura' } },
      { table: 'partners', row_id: 'p2', version: 3, deleted: false, data: { nom: 'Urbus', bad: () => 1 } }, // cannot be cloned
    ],
    cursor: 'cur-3', has_more: true,
  };
  await assert.rejects(mergePage(db, page));
  assert.equal(await db.get('partners', 'p1'), undefined);
  assert.equal(await db.getMeta('cursor'), 'cur-1');
});

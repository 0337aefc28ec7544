// People's files sealed at rest (sealed.js, buffered.js through db.js) on fake-indexeddb with
// Node's real WebCrypto: what stays in clear, what a missing key refuses, and that a read-write
// db.tx over sealed stores still behaves like one IndexedDB transaction (all or nothing, its own
// writes visible, serialised with the others).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDb, promisify, Locked } from '../../pwa/js/db.js';
import { sealLegacy } from '../../pwa/js/auth.js';
import { testKey, freshDb } from './helpers.js';

const text = (buffer) => new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(buffer));

// Every readable trace of a stored record: its JSON and its sealed bytes read as text.
const traces = (raw) => JSON.stringify(raw) + (raw && raw._s ? text(raw._s) : '');

async function rawOf(db, store, key) {
  const kp = db.conn.transaction(store, 'readonly').objectStore(store).keyPath;
  return (await db.rawAll(store)).find((r) => r[kp] === key);
}

// Write records as an older app version did: in clear, straight to IndexedDB.
function putRaw(db, store, records) {
  const tx = db.conn.transaction(store, 'readwrite');
  const keys = records.map((r) => promisify(tx.objectStore(store).put(r)));
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(Promise.all(keys));
    tx.onerror = () => reject(tx.error);
  });
}

const LEA = { id: 'b1', _version: 4, first_name: 'Léa', last_name: 'Martinot', phone: '0612345678', birth_date: '2007-03-14', notes: 'Permis B en cours' };

test('a person row is stored with only its id and version in clear, and read back whole', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  const [raw] = await db.rawAll('beneficiaries');
  assert.deepEqual(Object.keys(raw).sort(), ['_s', '_version', 'id']);
  assert.equal(raw.id, 'b1');
  assert.equal(raw._version, 4);
  assert.ok(raw._s instanceof ArrayBuffer);
  const seen = traces(raw);
  for (const value of ['Léa', 'Martinot', '0612345678', '2007-03-14', 'Permis', 'first_name', 'phone']) {
    assert.ok(!seen.includes(value), `${value} is not readable on disk`);
  }
  assert.deepEqual(await db.get('beneficiaries', 'b1'), LEA);
  assert.deepEqual(await db.getAll('beneficiaries'), [LEA]);
});

test('rows of a person keep beneficiary_id and session_id in clear (indexes), nothing else', async () => {
  const db = await freshDb();
  const attendance = { id: 'a1', _version: 2, session_id: 'x1', beneficiary_id: 'b1', present: true, comment: 'Venue avec sa mère' };
  await db.put('attendances', attendance);
  const [raw] = await db.rawAll('attendances');
  assert.deepEqual(Object.keys(raw).sort(), ['_s', '_version', 'beneficiary_id', 'id', 'session_id']);
  assert.ok(!traces(raw).includes('mère'));
  assert.ok(!traces(raw).includes('present'));
  assert.deepEqual(await db.getAll('attendances', 'beneficiary_id', 'b1'), [attendance]);
  assert.deepEqual(await db.getAll('attendances', 'session_id', 'x1'), [attendance]);
  assert.deepEqual(await db.getAll('attendances', 'session_id', 'x2'), []);
});

test('meta: the tokens are sealed, sync bookkeeping (cursor, device id) stays in clear', async () => {
  const db = await freshDb();
  await db.setMeta('auth', { access_token: 'acc-secret-123', refresh_token: 'ref-secret-456', user: { id: 'u1', name: 'Réf Dupont' } });
  await db.setMeta('cursor', '1234');
  await db.setMeta('device_id', 'dev-0001');
  const auth = await rawOf(db, 'meta', 'auth');
  assert.deepEqual(Object.keys(auth).sort(), ['_s', 'key']);
  for (const secret of ['acc-secret-123', 'ref-secret-456', 'Dupont']) assert.ok(!traces(auth).includes(secret));
  assert.deepEqual(await rawOf(db, 'meta', 'cursor'), { key: 'cursor', value: '1234' });
  assert.deepEqual(await rawOf(db, 'meta', 'device_id'), { key: 'device_id', value: 'dev-0001' });
  assert.equal((await db.getMeta('auth')).refresh_token, 'ref-secret-456');
  assert.equal(await db.getMeta('cursor'), '1234');
});

test('the outbox keeps its routing in clear and seals the fields sent', async () => {
  const db = await freshDb();
  const seq = await db.tx('outbox', 'readwrite', (t) => t.add('outbox', {
    id: 'm1', table: 'beneficiaries', op: 'upsert', row_id: 'b1', base_version: 3, fields: { last_name: 'Martinot' }, client_ts: '2026-11-25T09:00:00Z',
  }));
  const [raw] = await db.rawAll('outbox');
  assert.equal(raw.seq, seq);
  assert.equal(raw.row_id, 'b1');
  assert.equal(raw.table, 'beneficiaries');
  assert.ok(!('fields' in raw));
  assert.ok(!traces(raw).includes('Martinot'));
  assert.deepEqual((await db.get('outbox', seq)).fields, { last_name: 'Martinot' });
});

test('public stores are never sealed', async () => {
  const db = await freshDb();
  const records = {
    public: { name: 'catalogue', data: { updated: '2026-11-01' } },
    favourites: { offer_id: 'o1', added_at: '2026-11-02' },
    offers: { id: 'o1', _version: 1, title: 'Location de vélos électriques' },
    partners: { id: 'p1', _version: 1, name: 'Mairie des Rousses' },
  };
  for (const [store, value] of Object.entries(records)) {
    await db.put(store, value);
    assert.deepEqual(await db.rawAll(store), [value], `${store} is stored as it is`);
    db.setKey(null);
    assert.deepEqual(await db.getAll(store), [value], `${store} is read without the key`);
    db.setKey(await testKey());
  }
});

test('without the key a sealed record cannot be read nor written; clear meta still can', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  await db.setMeta('auth', { access_token: 'a' });
  db.setKey(null);
  assert.equal(db.hasKey(), false);
  await assert.rejects(db.get('beneficiaries', 'b1'), Locked);
  await assert.rejects(db.getAll('beneficiaries'), Locked);
  await assert.rejects(db.getMeta('auth'), Locked);
  await assert.rejects(db.put('beneficiaries', { id: 'b2', first_name: 'Noé' }), Locked);
  await assert.rejects(db.setMeta('auth', { access_token: 'b' }), Locked);
  assert.deepEqual((await db.rawAll('beneficiaries')).map((r) => r.id), ['b1'], 'nothing was written');
  assert.equal(await db.count('beneficiaries'), 1, 'counting needs no key');
  await db.setMeta('cursor', '77');
  await db.setMeta('last_contact', '2026-11-25T09:00:00Z');
  assert.equal(await db.getMeta('cursor'), '77');
  assert.deepEqual(await rawOf(db, 'meta', 'cursor'), { key: 'cursor', value: '77' });
  assert.equal(await db.get('beneficiaries', 'nobody'), undefined, 'a missing record is no secret');
});

test('another data key (another account) cannot open the records', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  db.setKey(await testKey());
  await assert.rejects(db.get('beneficiaries', 'b1'));
});

test('a sealed record copied under another id or into another store is refused', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  await db.put('contacts', { id: 'c1', beneficiary_id: 'b1', subject: 'Permis' });
  const [raw] = await db.rawAll('beneficiaries');
  await putRaw(db, 'beneficiaries', [{ ...raw, id: 'b2' }]);
  await putRaw(db, 'contacts', [{ ...raw }]);
  await assert.rejects(db.get('beneficiaries', 'b2'));
  await assert.rejects(db.get('contacts', 'b1'));
  assert.deepEqual(await db.get('beneficiaries', 'b1'), LEA, 'the original still opens');
});

test('a read-write db.tx whose callback throws writes nothing, in any store', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  const boom = new Error('boom');
  await assert.rejects(db.tx(['beneficiaries', 'contacts', 'outbox', 'meta'], 'readwrite', async (t) => {
    await t.put('beneficiaries', { ...LEA, last_name: 'Changé' });
    await t.put('contacts', { id: 'c1', beneficiary_id: 'b1', subject: 'Permis' });
    await t.add('outbox', { id: 'm1', table: 'contacts', op: 'upsert', row_id: 'c1', fields: {} });
    await t.delete('beneficiaries', 'b1');
    await t.setMeta('cursor', '9');
    throw boom;
  }), (err) => err === boom);
  assert.deepEqual(await db.getAll('beneficiaries'), [LEA]);
  assert.deepEqual(await db.rawAll('contacts'), []);
  assert.deepEqual(await db.rawAll('outbox'), []);
  assert.deepEqual(await db.rawAll('meta'), [], 'not even the outbox counter nor the cursor');
  // The lock was released: the next transaction runs.
  await db.put('contacts', { id: 'c2', beneficiary_id: 'b1', subject: 'Vélo' });
  assert.equal(await db.count('contacts'), 1);
});

test('a commit refused by IndexedDB writes nothing either (one transaction for all stores)', async () => {
  const db = await freshDb();
  const entry = (seq) => ({ seq, id: 'same-id', table: 'contacts', op: 'upsert', row_id: 'c1', fields: {} });
  await assert.rejects(db.tx(['contacts', 'outbox'], 'readwrite', async (t) => {
    t.queuePut('contacts', { id: 'c1', beneficiary_id: 'b1', subject: 'Permis' });
    t.queuePut('outbox', entry(1));
    t.queuePut('outbox', entry(2)); // the outbox's `id` index is unique
  }));
  assert.deepEqual(await db.rawAll('contacts'), []);
  assert.deepEqual(await db.rawAll('outbox'), []);
});

// Contacts c1 (b1), c2 (b2), c5 (b1) committed; the transaction then changes them.
async function withContacts() {
  const db = await freshDb();
  for (const [id, person] of [['c1', 'b1'], ['c2', 'b2'], ['c5', 'b1']]) await db.put('contacts', { id, beneficiary_id: person, subject: `sujet ${id}` });
  return db;
}
const ids = (rows) => rows.map((r) => r.id);

test('inside one db.tx, reads see the transaction\'s own writes, sorted like IndexedDB', async () => {
  const db = await withContacts();
  const seen = await db.tx('contacts', 'readwrite', async (t) => {
    t.queuePut('contacts', { id: 'c3', beneficiary_id: 'b1', subject: 'nouveau' });
    t.queuePut('contacts', { id: 'c0', beneficiary_id: 'b3', subject: 'autre' });
    t.queueDelete('contacts', 'c1');
    t.queuePut('contacts', { id: 'c2', beneficiary_id: 'b1', subject: 'rattaché' }); // moved from b2 to b1
    return {
      c1: await t.get('contacts', 'c1'),
      c2: await t.get('contacts', 'c2'),
      c3: await t.get('contacts', 'c3'),
      b1: await t.getAll('contacts', 'beneficiary_id', 'b1'),
      b2: await t.getAll('contacts', 'beneficiary_id', 'b2'),
      range: await t.getAll('contacts', 'beneficiary_id', IDBKeyRange.bound('b1', 'b2')),
      byIndex: await t.getAll('contacts', 'beneficiary_id'),
      all: await t.getAll('contacts'),
      from: await t.getAll('contacts', null, IDBKeyRange.lowerBound('c2', true)),
      count: await t.count('contacts'),
    };
  });
  assert.equal(seen.c1, undefined);
  assert.equal(seen.c2.subject, 'rattaché');
  assert.deepEqual(seen.c3, { id: 'c3', beneficiary_id: 'b1', subject: 'nouveau' });
  assert.deepEqual(ids(seen.b1), ['c2', 'c3', 'c5']);
  assert.deepEqual(ids(seen.b2), []);
  assert.deepEqual(ids(seen.range), ['c2', 'c3', 'c5']);
  assert.deepEqual(ids(seen.byIndex), ['c2', 'c3', 'c5', 'c0'], 'by the index value, then the key');
  assert.deepEqual(ids(seen.all), ['c0', 'c2', 'c3', 'c5']);
  assert.deepEqual(ids(seen.from), ['c3', 'c5']);
  assert.equal(seen.count, 4);
  // What IndexedDB itself answers once committed is the same.
  assert.deepEqual(await db.getAll('contacts', 'beneficiary_id', 'b1'), seen.b1);
  assert.deepEqual(await db.getAll('contacts', 'beneficiary_id'), seen.byIndex);
  assert.deepEqual(await db.getAll('contacts'), seen.all);
  assert.deepEqual(await db.getAll('contacts', null, IDBKeyRange.lowerBound('c2', true)), seen.from);
});

test('inside one db.tx, a cleared store shows only what was written after the clear', async () => {
  const db = await withContacts();
  const seen = await db.tx(['contacts', 'meta'], 'readwrite', async (t) => {
    t.queuePut('contacts', { id: 'c8', beneficiary_id: 'b1', subject: 'avant' });
    await t.clear('contacts');
    t.queuePut('contacts', { id: 'c9', beneficiary_id: 'b1', subject: 'après' });
    return {
      c5: await t.get('contacts', 'c5'), c8: await t.get('contacts', 'c8'),
      all: await t.getAll('contacts'), b1: await t.getAll('contacts', 'beneficiary_id', 'b1'), count: await t.count('contacts'),
    };
  });
  assert.equal(seen.c5, undefined);
  assert.equal(seen.c8, undefined);
  assert.deepEqual(ids(seen.all), ['c9']);
  assert.deepEqual(ids(seen.b1), ['c9']);
  assert.equal(seen.count, 1);
  assert.deepEqual(ids(await db.getAll('contacts')), ['c9']);
});

test('inside one db.tx, values read or written are copies', async () => {
  const db = await withContacts();
  await db.tx('contacts', 'readwrite', async (t) => {
    const value = { id: 'c4', beneficiary_id: 'b1', subject: 'écrit' };
    t.queuePut('contacts', value);
    value.subject = 'changé après coup';
    const read = await t.get('contacts', 'c4');
    assert.equal(read.subject, 'écrit');
    read.subject = 'modifié par le lecteur';
    assert.equal((await t.get('contacts', 'c4')).subject, 'écrit');
  });
  assert.equal((await db.get('contacts', 'c4')).subject, 'écrit');
});

test('inside one db.tx, a row written with an empty (null) index value is left out of that index like IndexedDB does',
  async () => {
    // A contact typed without a person (a call-back) has beneficiary_id null: IndexedDB leaves it
    // out of the index; the buffered read of the same transaction throws instead.
    const db = await withContacts();
    await db.put('contacts', { id: 'c7', beneficiary_id: null, subject: 'rappel' });
    assert.deepEqual(ids(await db.getAll('contacts', 'beneficiary_id', 'b1')), ['c1', 'c5'], 'IndexedDB: c7 is not in the index');
    const seen = await db.tx('contacts', 'readwrite', async (t) => {
      t.queuePut('contacts', { id: 'c6', beneficiary_id: null, subject: 'rappel' });
      return { b1: await t.getAll('contacts', 'beneficiary_id', 'b1'), all: await t.getAll('contacts', 'beneficiary_id') };
    });
    assert.deepEqual(ids(seen.b1), ['c1', 'c5']);
    assert.deepEqual(ids(seen.all), ['c1', 'c5', 'c2']);
  });

test('outbox keys are never reused, even after the last entry was deleted', async () => {
  const db = await freshDb();
  const add = (id) => db.tx('outbox', 'readwrite', (t) => t.add('outbox', { id, table: 'contacts', op: 'upsert', row_id: 'c1', fields: {} }));
  const first = await add('m1');
  assert.ok(Number.isInteger(first) && first > 0);
  await db.delete('outbox', first);
  assert.equal(await db.count('outbox'), 0);
  const second = await add('m2');
  assert.ok(second > first, `${second} > ${first}`);
  await db.delete('outbox', second);
  const [a, b] = await db.tx('outbox', 'readwrite', async (t) => [
    await t.add('outbox', { id: 'm3', table: 'contacts', op: 'upsert', row_id: 'c1', fields: {} }),
    await t.add('outbox', { id: 'm4', table: 'contacts', op: 'upsert', row_id: 'c2', fields: {} })]);
  assert.ok(a > second && b > a, `${a}, ${b} after ${second}`);
  assert.deepEqual((await db.getAll('outbox')).map((m) => m.id), ['m3', 'm4']);
});

test('an outbox written by an older version (keys from IndexedDB\'s own counter) is continued past its last key', async () => {
  const db = await freshDb();
  await putRaw(db, 'outbox', [{ seq: 7, id: 'old-7', table: 'contacts', op: 'upsert', row_id: 'c1', fields: { subject: 'x' } }]);
  const seq = await db.tx('outbox', 'readwrite', (t) => t.add('outbox', { id: 'm1', table: 'contacts', op: 'upsert', row_id: 'c2', fields: {} }));
  assert.equal(seq, 8);
});

test('two read-write db.tx on the same row, launched together, both take effect (one waits for the other)', async () => {
  const db = await freshDb();
  const increment = () => db.tx('meta', 'readwrite', async (t) => {
    const n = await t.getMeta('counter', 0);
    await new Promise((resolve) => setTimeout(resolve, 5)); // another transaction would run here
    await t.setMeta('counter', n + 1);
    return n + 1;
  });
  const results = await Promise.all([increment(), increment(), increment()]);
  assert.deepEqual(results.sort(), [1, 2, 3]);
  assert.equal(await db.getMeta('counter'), 3);
  assert.ok((await rawOf(db, 'meta', 'counter'))._s, 'the counter is sealed meta');
});

test('read-write transactions go through the Web Lock when there is one, under the same name', async () => {
  const names = [];
  let chain = Promise.resolve();
  const locks = { request(name, fn) { names.push(name); const run = chain.then(() => fn()); chain = run.catch(() => {}); return run; } };
  const db = await openDb(new IDBFactory(), 'locks', { locks });
  db.setKey(await testKey());
  const increment = () => db.tx('meta', 'readwrite', async (t) => {
    const n = await t.getMeta('counter', 0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.setMeta('counter', n + 1);
  });
  await Promise.all([increment(), increment()]);
  assert.equal(await db.getMeta('counter'), 2);
  assert.deepEqual(names, ['mhj-db', 'mhj-db'], 'one exclusive lock per read-write transaction, none for reads');
});

test('a record an older version wrote in clear is read as it is, then sealLegacy seals it', async () => {
  const db = await freshDb();
  const zoe = { id: 'b9', _version: 3, first_name: 'Zoé', last_name: 'Roybon', phone: '0698765432' };
  await putRaw(db, 'beneficiaries', [zoe]);
  await putRaw(db, 'contacts', [{ id: 'c9', beneficiary_id: 'b9', subject: 'Rappel Zoé' }]);
  await putRaw(db, 'meta', [{ key: 'auth', value: { access_token: 'old-token-xyz' } }, { key: 'cursor', value: '55' }]);
  const [seq] = await putRaw(db, 'outbox', [{ id: 'm-old', table: 'beneficiaries', op: 'upsert', row_id: 'b9', fields: { phone: '0698765432' } }]);
  assert.deepEqual(await db.get('beneficiaries', 'b9'), zoe);
  assert.equal((await db.getMeta('auth')).access_token, 'old-token-xyz');

  await sealLegacy(db);

  const raw = await rawOf(db, 'beneficiaries', 'b9');
  assert.deepEqual(Object.keys(raw).sort(), ['_s', '_version', 'id']);
  assert.ok(!traces(raw).includes('Zoé') && !traces(raw).includes('0698765432'));
  assert.ok(!traces(await rawOf(db, 'contacts', 'c9')).includes('Rappel'));
  assert.deepEqual(Object.keys(await rawOf(db, 'meta', 'auth')).sort(), ['_s', 'key']);
  assert.deepEqual(await rawOf(db, 'meta', 'cursor'), { key: 'cursor', value: '55' }, 'bookkeeping stays in clear');
  const outRaw = await rawOf(db, 'outbox', seq);
  assert.equal(outRaw.row_id, 'b9');
  assert.ok(!traces(outRaw).includes('0698765432'));
  // Everything still reads the same, under the same keys.
  assert.deepEqual(await db.get('beneficiaries', 'b9'), zoe);
  assert.equal((await db.get('contacts', 'c9')).subject, 'Rappel Zoé');
  assert.equal((await db.getMeta('auth')).access_token, 'old-token-xyz');
  assert.deepEqual((await db.get('outbox', seq)).fields, { phone: '0698765432' });
  assert.equal(await db.getMeta('sealed_all'), true);
});

test('clearAccountData drops every sealed record and the key, keeps this device\'s id and name', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  await db.put('drafts', { key: 'jeune-b1', values: { first_name: 'Léa' } });
  await db.setMeta('auth', { access_token: 'a' });
  await db.setMeta('device_id', 'dev-1');
  await db.setMeta('device_name', 'Tablette accueil');
  await db.put('public', { name: 'catalogue', data: {} });
  await db.clearAccountData();
  assert.equal(db.hasKey(), false);
  assert.deepEqual(await db.rawAll('beneficiaries'), []);
  assert.deepEqual(await db.rawAll('drafts'), []);
  assert.deepEqual((await db.rawAll('meta')).sort((a, b) => a.key.localeCompare(b.key)),
    [{ key: 'device_id', value: 'dev-1' }, { key: 'device_name', value: 'Tablette accueil' }]);
  assert.equal((await db.rawAll('public')).length, 1, 'the public catalogue is not the account\'s');
});

test('sealLegacy does not bring back a record deleted meanwhile by another transaction', async () => {
  const db = await freshDb();
  await putRaw(db, 'beneficiaries', [{ id: 'b9', _version: 3, first_name: 'Zoé', last_name: 'Roybon' }]);
  // Another tab (or an erasure) deletes Zoé while sealLegacy runs: whatever the order, she stays gone.
  const sealing = sealLegacy(db);
  const deleting = db.delete('beneficiaries', 'b9');
  await Promise.all([sealing, deleting]);
  assert.equal(await db.get('beneficiaries', 'b9'), undefined, 'Zoé was deleted: she must not come back');
});

test('a locked device (no key) can still be wiped', async () => {
  const db = await freshDb();
  await db.put('beneficiaries', LEA);
  await db.setMeta('auth', { access_token: 'a' });
  await db.setMeta('device_id', 'dev-1');
  db.setKey(null);
  await db.clearAccountData({ keepDevice: true });
  assert.deepEqual(await db.rawAll('beneficiaries'), []);
  assert.deepEqual(await db.rawAll('meta'), [{ key: 'device_id', value: 'dev-1' }]);
  await db.clearAccountData({ keepDevice: false });
  assert.deepEqual(await db.rawAll('meta'), []);
});

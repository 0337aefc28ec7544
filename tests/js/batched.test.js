// The batched mergePage and outbox.applyResults (outbox read once, writes queued, one commit
// awaited) must leave exactly the same database as the first, request-by-request versions.
// Each case is built twice, identically; one copy goes through the reference, the other
// through the app's code, and every store is compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './helpers.js';
import { mergePage } from '../../pwa/js/merge.js';
import { applyResultsSequential, mergePageSequential, dump } from './sequential-reference.js';

const AT = '2026-11-25T18:00:00Z';

async function twins(build) {
  const pair = [await setup(), await setup()];
  for (const d of pair) d.ctx = await build(d);
  return pair;
}

async function sameMerge([ref, app], page) {
  const n1 = await mergePageSequential(ref.db, page, { at: AT });
  const n2 = await mergePage(app.db, page, { at: AT });
  assert.equal(n2, n1);
  assert.deepEqual(await dump(app.db), await dump(ref.db));
}

async function sameResults([ref, app], batch, results) {
  const s1 = await applyResultsSequential(ref.db, batch, results, { at: AT });
  const s2 = await app.outbox.applyResults(batch, results, { at: AT });
  assert.deepEqual(s2, s1);
  assert.deepEqual(await dump(app.db), await dump(ref.db));
}

const change = (table, rowId, version, data) => ({ table, row_id: rowId, version, deleted: data === null, data: data && { id: rowId, ...data } });

test('batched merge: pending local edits, deletions both ways, repeated rows, unknown tables', async () => {
  const pair = await twins(async ({ db, outbox }) => {
    await db.put('beneficiaries', { id: 'b1', first_name: 'Léa', commune: 'Viry', _version: 3 });
    await outbox.record('beneficiaries', 'b1', { commune: 'Lajoux' });
    await outbox.takeBatch(); // sent, no answer yet
    await outbox.record('beneficiaries', 'b1', { phone: '0611' }, { localFields: { _seen: true } }); // waits
    await outbox.record('diagnostics', 'd2', { date: '2026-11-20' }); // created here
    await db.put('contacts', { id: 'c1', subject: 'Permis', _version: 2 });
    await outbox.record('contacts', 'c1', {}, { op: 'delete' }); // deleted here
    await db.put('contacts', { id: 'c2', subject: 'Code', _version: 2 });
    await outbox.record('attendances', 'a1', { session_id: 's1', beneficiary_id: 'b1', present: true });
    await outbox.record('attendances', 'a1', {}, { op: 'delete' }); // created then deleted: forgotten
  });
  const page = {
    changes: [
      change('beneficiaries', 'b1', 5, { first_name: 'Léa', commune: 'Septmoncel', phone: '0700', version: 5 }),
      change('diagnostics', 'd2', 6, null), // deleted on the server while created here (a person's tombstone would win: erasure.test.js)
      change('contacts', 'c1', 7, { subject: 'Permis B' }), // edited there, deleted here
      change('contacts', 'c2', 8, null),
      change('offers', 'o1', 9, { nom: 'Auto-école sociale' }),
      change('offers', 'o1', 10, { nom: 'Auto-école sociale (Morez)' }),
      change('attendances', 'a1', 11, { session_id: 's1', present: false }),
      change('tables_of_tomorrow', 'x', 12, {}),
    ],
    cursor: 'cur-12', has_more: false,
  };
  await sameMerge(pair, page);
  const db = pair[1].db;
  const b1 = { id: 'b1', first_name: 'Léa', commune: 'Septmoncel', phone: '0700', version: 5 };
  assert.deepEqual(await db.get('beneficiaries', 'b1'), { id: 'b1', first_name: 'Léa', commune: 'Lajoux', phone: '0611', _version: 5, _server: b1 });
  assert.deepEqual(await db.get('diagnostics', 'd2'), { id: 'd2', date: '2026-11-20', _version: 6, _server: null });
  assert.equal(await db.get('contacts', 'c1'), undefined);
  const del = (await pair[1].outbox.all()).find((m) => m.row_id === 'c1');
  assert.deepEqual(del.server, { version: 7, data: { id: 'c1', subject: 'Permis B' } }, 'the delete holds the server copy');
  assert.equal(await db.get('contacts', 'c2'), undefined);
  assert.equal((await db.get('offers', 'o1')).nom, 'Auto-école sociale (Morez)');
  assert.equal((await db.get('attendances', 'a1')).present, false);
  assert.equal(await db.getMeta('cursor'), 'cur-12');
  assert.equal(await db.getMeta('last_pull'), AT);
  await sameMerge(pair, { changes: [], cursor: 'cur-13', has_more: true });
});

test('batched results: merged attendances adopt the canonical id, later changes follow', async () => {
  const pair = await twins(async ({ db, outbox }) => {
    await db.put('attendances', { id: 'a-canon', session_id: 's1', beneficiary_id: 'b1', present: true, note: 'serveur', _version: 4 });
    await outbox.record('attendances', 'a-mine', { session_id: 's1', beneficiary_id: 'b1', present: true });
    await outbox.record('attendances', 'a-twin', { session_id: 's1', beneficiary_id: 'b1', present: true, note: 'ici' });
    await outbox.record('attendances', 'a-late', { session_id: 's2', beneficiary_id: 'b2', present: true });
    await outbox.record('attendances', 'a-other', { session_id: 's2', beneficiary_id: 'b2', present: true });
    const batch = await outbox.takeBatch();
    await outbox.record('attendances', 'a-mine', { present: false }); // waits for the answer
    await outbox.record('attendances', 'a-twin', { note: 'retard' }); // waits too
    return { batch };
  });
  const { batch } = pair[0].ctx;
  const id = (row) => batch.find((m) => m.row_id === row).id;
  const results = [
    { id: id('a-mine'), status: 'merged', row_id: 'a-canon', version: 20 },
    { id: id('a-twin'), status: 'merged', row_id: 'a-canon', version: 21 }, // same canonical row
    { id: id('a-late'), status: 'merged', row_id: 'a-other', version: 22 }, // canonical pushed in this batch
    { id: id('a-other'), status: 'applied', row_id: 'a-other', version: 23 },
  ];
  await sameResults(pair, batch, results);
  const { db, outbox } = pair[1];
  assert.equal(await db.get('attendances', 'a-mine'), undefined);
  assert.equal(await db.get('attendances', 'a-twin'), undefined);
  assert.deepEqual(await db.get('attendances', 'a-canon'), { id: 'a-canon', session_id: 's1', beneficiary_id: 'b1', present: true, note: 'serveur', _version: 4 });
  assert.equal((await db.get('attendances', 'a-other'))._version, null, 'never pulled: no version from an answer');
  const left = await outbox.all();
  assert.deepEqual(left.map((m) => [m.row_id, m.base_version]), [['a-canon', null], ['a-canon', null]]);
});

test('batched results: rejections, conflicts, merges, deletions and missing answers', async () => {
  const pair = await twins(async ({ db, outbox }) => {
    await db.put('beneficiaries', { id: 'b1', first_name: 'Léa', _version: 3, _rejected: { phone: ['ancien'] } });
    await db.put('beneficiaries', { id: 'b2', first_name: 'Noé', _version: 4, _server: { id: 'b2', first_name: 'Noé' } });
    await db.put('beneficiaries', { id: 'b3', first_name: 'Sami', _version: 5 });
    await db.put('contacts', { id: 'c1', subject: 'Permis', _version: 6 });
    await db.put('contacts', { id: 'c4', subject: 'Code', _version: 7, _server: { id: 'c4', subject: 'Code' } });
    await outbox.record('beneficiaries', 'b1', { phone: '0611' });
    await outbox.record('beneficiaries', 'b2', { commune: 'Viry' });
    await outbox.record('beneficiaries', 'b3', { commune: 'Lajoux', notes: 'vu' });
    await outbox.record('contacts', 'c1', {}, { op: 'delete' });
    await outbox.record('contacts', 'c4', {}, { op: 'delete' });
    await outbox.record('sessions', 's1', { title: 'Restos', starts_at: 'hier' });
    await outbox.record('contacts', 'c2', { subject: 'Appel' });
    await outbox.record('contacts', 'c3', { subject: 'Visite' });
    await outbox.record('contacts', 'c5', { subject: 'Relance', date: 'demain' });
    const batch = await outbox.takeBatch();
    for (const row of ['b1', 'b2', 'b3', 's1']) {
      const table = row.startsWith('s') ? 'sessions' : 'beneficiaries';
      await outbox.record(table, row, { notes: `après ${row}` });
    }
    return { batch };
  });
  const { batch } = pair[0].ctx;
  const id = (row) => batch.find((m) => m.row_id === row).id;
  const results = [
    { id: 'unknown-mutation', status: 'applied', row_id: 'zz', version: 99 },
    { id: id('s1'), status: 'rejected', row_id: 's1', errors: { starts_at: ['Not a valid datetime.'] } },
    { id: id('b1'), status: 'applied', row_id: 'b1', version: 30 },
    { id: id('b2'), status: 'conflict', row_id: 'b2', version: 4, conflict_id: 'k1' },
    { id: id('b3'), status: 'merged', row_id: 'b3', version: 31, conflict_id: 'k2' },
    { id: id('c1'), status: 'applied', row_id: 'c1', version: null },
    { id: id('c4'), status: 'conflict', row_id: 'c4', version: 7, conflict_id: 'k3' },
    { id: id('c2'), status: 'duplicate', row_id: 'c2', version: 8 },
    { id: id('c5'), status: 'duplicate', row_id: 'c5', version: null, errors: { date: ['Not a valid date.'] } },
    // c3: no answer, it stays and is sent again with the same id
  ];
  await sameResults(pair, batch, results);
  const { db, outbox } = pair[1];
  assert.deepEqual(await db.get('beneficiaries', 'b1'), { id: 'b1', first_name: 'Léa', phone: '0611', notes: 'après b1', _version: 3 });
  assert.deepEqual(await db.get('beneficiaries', 'b2'), { id: 'b2', first_name: 'Noé', notes: 'après b2', _version: 4, _server: { id: 'b2', first_name: 'Noé' } },
    'a conflict falls back to the server copy, later changes on top');
  assert.equal((await db.get('beneficiaries', 'b3'))._version, 5, 'no version from a push answer');
  assert.deepEqual(await db.get('contacts', 'c4'), { id: 'c4', subject: 'Code', _version: 7, _server: { id: 'c4', subject: 'Code' } }, 'a refused delete brings the row back');
  assert.ok((await db.get('sessions', 's1'))._rejected.starts_at);
  assert.ok((await db.get('contacts', 'c5'))._rejected.date, 'a duplicate with errors is a rejection');
  assert.deepEqual((await db.getAll('rejections')).map((r) => r.row_id).sort(), ['c5', 's1']);
  const left = Object.fromEntries((await outbox.all()).map((m) => [m.row_id, m]));
  assert.deepEqual(Object.keys(left).sort(), ['b1', 'b2', 'b3', 'c3', 's1']);
  assert.deepEqual(['b1', 'b2', 'b3', 's1'].map((k) => left[k].base_version), [3, 4, 5, null], 'the versions last pulled');
  assert.equal(left.c3.attempted, true);
});

// Random days: local edits, sends without answers, then answers of every kind and pulls.
function random(seed) {
  let x = seed * 2654435761 >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

async function randomDay({ db, outbox }, seed) {
  const r = random(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const ids = { beneficiaries: ['b0', 'b1', 'b2', 'b3'], attendances: ['a0', 'a1', 'a2', 'a3'] };
  for (const [table, list] of Object.entries(ids)) {
    for (const [i, id] of list.entries()) {
      if (r() < 0.5) await db.put(table, { id, x: 's', _version: i + 1, ...(r() < 0.7 ? { _server: { id, x: 's' } } : {}) });
    }
  }
  for (let k = 0; k < 14; k += 1) {
    const table = pick(Object.keys(ids));
    const roll = r();
    if (roll < 0.55) await outbox.record(table, pick(ids[table]), { [pick(['x', 'y', 'z'])]: k }, r() < 0.2 ? { localFields: { _mine: k } } : {});
    else if (roll < 0.7) await outbox.record(table, pick(ids[table]), {}, { op: 'delete' });
    else await outbox.takeBatch(1 + Math.floor(r() * 4));
  }
  const page = () => ({
    changes: Array.from({ length: 1 + Math.floor(r() * 8) }, (_, i) => {
      const table = pick([...Object.keys(ids), 'unknown']);
      const id = pick(ids[table] || ['u']);
      return change(table, id, 100 + i, r() < 0.25 ? null : { x: `srv${i}`, y: 'srv' });
    }),
    cursor: `c${seed}`, has_more: r() < 0.5,
  });
  const before = page();
  const batch = await outbox.takeBatch();
  let v = 40;
  const results = [];
  for (const m of batch) {
    const roll = r();
    v += 1;
    if (roll < 0.15) continue;
    if (m.op === 'delete' && roll < 0.3) results.push({ id: m.id, status: 'applied', row_id: m.row_id, version: null });
    else if (roll < 0.4) results.push({ id: m.id, status: pick(['applied', 'duplicate']), row_id: m.row_id, version: v });
    else if (roll < 0.55) results.push({ id: m.id, status: pick(['conflict', 'merged']), row_id: m.row_id, version: v, conflict_id: `k${v}` });
    else if (roll < 0.75 && m.table === 'attendances') results.push({ id: m.id, status: 'merged', row_id: pick([...ids.attendances, 'a-canon']), version: v });
    else if (roll < 0.8) results.push({ id: m.id, status: pick(['rejected', 'duplicate']), row_id: m.row_id, version: null, errors: { x: ['non'] } });
    else if (roll < 0.85) results.push({ id: m.id, status: 'duplicate', row_id: m.row_id, version: v, conflict_id: `k${v}` });
    else results.push({ id: m.id, status: 'applied', row_id: m.row_id, version: v });
  }
  results.sort(() => r() - 0.5);
  return { before, batch, results, after: page() };
}

test('batched merge and results match the sequential versions on 300 random days', async () => {
  for (let seed = 1; seed <= 300; seed += 1) {
    const pair = await twins((d) => randomDay(d, seed));
    const { before, batch, results, after } = pair[0].ctx;
    assert.deepEqual(pair[1].ctx, pair[0].ctx, 'both copies were built alike');
    await sameMerge(pair, before);
    await sameResults(pair, batch, results);
    await sameMerge(pair, after);
  }
});

// A change queued on an attendance that the server merged into the canonical row for the same
// (session, person). When this device had pulled that row, the moved change is based on the
// version pulled and a moved delete keeps the server's copy: a delete based on nothing would
// conflict with the other device's row, and the device would drop it for good (its cursor is
// past it). Found by the multi-device property test (tests/sync/test_device_canonical.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServer } from './fake-server.js';
import { device, setup } from './helpers.js';
import { mergePage } from '../../pwa/js/merge.js';

const PAIR = { session_id: 's1', beneficiary_id: 'b1' };

// The fake server, plus the natural key of attendances: a second one for a pair is folded into
// the first (the canonical row), answered `merged` with its id, as the real engine does.
class MergingServer extends FakeServer {
  push(body) {
    const results = [];
    for (const m of body.mutations) {
      const canonical = m.op === 'upsert' && m.table === 'attendances' && !this.rows.has(m.row_id)
        ? [...this.rows].find(([, r]) => r.table === 'attendances' && !r.deleted && r.data.session_id === m.fields.session_id && r.data.beneficiary_id === m.fields.beneficiary_id)
        : undefined;
      const [status, answer] = super.push({ ...body, mutations: [canonical ? { ...m, row_id: canonical[0] } : m] });
      if (status !== 200) return [status, answer];
      const [r] = answer.results;
      if (canonical && r.status !== 'duplicate') this.processed.set(m.id, Object.assign(r, { status: 'merged' }));
      results.push(r);
    }
    return [200, { results, server_time: 'now' }];
  }

  live(table) {
    return [...this.rows].filter(([, r]) => r.table === table && !r.deleted).map(([id, r]) => ({ id, ...r.data, _version: r.version })).sort((a, b) => a.id.localeCompare(b.id));
  }
}

const shown = async (d, table) => (await d.db.getAll(table)).map(({ _server, _rejected, ...row }) => row).sort((a, b) => a.id.localeCompare(b.id));

// d1's attendance sent without arriving, d3's for the same pair on the server, pulled by d1.
async function twoCopies() {
  const server = new MergingServer();
  const d1 = await device(server, 'd1');
  const d3 = await device(server, 'd3');
  await d1.outbox.record('attendances', 'a-mine', { ...PAIR, present: false });
  server.offline = true;
  assert.equal((await d1.sync.run()).error, 'offline'); // sent, never arrived: frozen
  server.offline = false;
  await d3.outbox.record('attendances', 'a-theirs', { ...PAIR, present: false });
  await d3.sync.run();
  await d1.sync.pull(); // d1 shows both copies, its own still queued
  assert.deepEqual((await d1.db.getAll('attendances')).map((r) => r.id).sort(), ['a-mine', 'a-theirs']);
  return { server, d1, d3 };
}

test('deleting the copy merged into a pulled canonical row: the device ends equal to the server', async () => {
  const { server, d1 } = await twoCopies();
  await d1.outbox.record('attendances', 'a-mine', {}, { op: 'delete' });
  assert.equal((await d1.sync.run()).error, null);
  await d1.sync.run();
  assert.equal(await d1.outbox.count(), 0);
  assert.deepEqual(server.conflicts, []);
  assert.deepEqual(server.live('attendances'), []);
  assert.deepEqual(await shown(d1, 'attendances'), server.live('attendances'));
});

test('a moved delete meeting a later change by another device: conflict, the row comes back', async () => {
  const { server, d1, d3 } = await twoCopies();
  await d1.outbox.record('attendances', 'a-mine', {}, { op: 'delete' });
  await d3.outbox.record('attendances', 'a-theirs', { present: true }); // never seen by d1
  await d3.sync.run();
  await d1.sync.run();
  assert.deepEqual(server.conflicts.at(-1).fields, { _deleted: { server: false, client: true } });
  assert.equal(server.rows.get('a-theirs').data.present, true);
  assert.deepEqual(await shown(d1, 'attendances'), server.live('attendances'));
});

test('a queued change moved onto a pulled canonical row is based on it; a delete keeps its copy', async () => {
  const { db, outbox } = await setup();
  const canonical = { id: 'a-canon', ...PAIR, present: true };
  await mergePage(db, { changes: [{ table: 'attendances', row_id: 'a-canon', version: 8, deleted: false, data: canonical }], cursor: '8', has_more: false });
  await outbox.record('attendances', 'a-mine', { ...PAIR, present: true });
  const batch = await outbox.takeBatch();
  await outbox.record('attendances', 'a-mine', {}, { op: 'delete' }); // waits for the answer
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'merged', row_id: 'a-canon', version: 8 }]);
  const [moved] = await outbox.all();
  assert.deepEqual([moved.row_id, moved.op, moved.base_version], ['a-canon', 'delete', 8]);
  assert.deepEqual(moved.server, { version: 8, data: canonical });
  assert.equal(await db.get('attendances', 'a-canon'), undefined, 'deleted here, pending');
  // Refused (a permission lost meanwhile): the row comes back as the server has it.
  const [again] = await outbox.takeBatch();
  await outbox.applyResults([again], [{ id: again.id, status: 'rejected', row_id: 'a-canon', version: null, errors: { _permission: ['non'] } }]);
  assert.deepEqual(await db.get('attendances', 'a-canon'), { ...canonical, _version: 8, _server: canonical, _rejected: { _permission: ['non'] } });
});

test('moved onto a canonical row never pulled here: the base stays null, no copy', async () => {
  const { outbox } = await setup();
  await outbox.record('attendances', 'a-mine', { ...PAIR, present: true });
  const batch = await outbox.takeBatch();
  await outbox.record('attendances', 'a-mine', {}, { op: 'delete' });
  await outbox.applyResults(batch, [{ id: batch[0].id, status: 'merged', row_id: 'a-canon', version: 8 }]);
  const [moved] = await outbox.all();
  assert.deepEqual([moved.row_id, moved.base_version, moved.server], ['a-canon', null, undefined]);
});

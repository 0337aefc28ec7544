// integrity.js: the same hash as the server's (sync/digest.py), and when a check is due.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsHash, checkDue, CHECK_EVERY_MS } from '../../pwa/js/integrity.js';

test('the hash of ids and versions is the one sync/digest.py computes', async () => {
  // python -c "from sync.digest import rows_hash; print(rows_hash([('b-2', 7), ('a-1', 3)]))"
  assert.equal(await rowsHash([['b-2', 7], ['a-1', 3]]), 'c4fdfb5b61f6ed1f3cc21292873e77a0d4bb789c13e7cd98a2b1563a2e78a12f');
  assert.equal(await rowsHash([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.notEqual(await rowsHash([['a-1', 4], ['b-2', 7]]), 'c4fdfb5b61f6ed1f3cc21292873e77a0d4bb789c13e7cd98a2b1563a2e78a12f');
});

test('a check is due once a day, and whenever the last one is unknown or from the future', () => {
  const now = '2026-12-04T18:00:00Z';
  assert.equal(checkDue(null, now), true);
  assert.equal(checkDue({ at: '2026-12-04T09:00:00Z' }, now), false);
  assert.equal(checkDue({ at: new Date(Date.parse(now) - CHECK_EVERY_MS - 1).toISOString() }, now), true);
  assert.equal(checkDue({ at: '2026-12-05T09:00:00Z' }, now), true);
  assert.equal(checkDue({ at: 'hier' }, now), true);
});

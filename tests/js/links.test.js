// safeHref: only http(s) with a host, tel: and mailto: become links; the cases are shared with
// the server's test (tests/api/test_links.py), so both sides refuse the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { safeHref } from '../../pwa/js/links.js';

const CASES = JSON.parse(readFileSync(new URL('./link-cases.json', import.meta.url), 'utf8'));

test('web addresses with a host, phone numbers and e-mail addresses come back as they are', () => {
  for (const value of CASES.safe) assert.equal(safeHref(value), value, value);
});

test('other schemes, relative addresses, blanks, controls and accents give null', () => {
  for (const value of CASES.unsafe) assert.equal(safeHref(value), null, JSON.stringify(value));
});

test('values that are not strings give null', () => {
  for (const value of [null, undefined, 0, 1, true, {}, [], ['https://example.org'], { toString: () => 'https://example.org' }]) {
    assert.equal(safeHref(value), null, String(value));
  }
});

test('a long hostile value is judged at once (no catastrophic backtracking)', () => {
  const started = Date.now();
  for (const value of [`tel:${'1'.repeat(495)}x`, `https://${'a-'.repeat(245)}!`, `mailto:${'a'.repeat(470)}@${'b-b.'.repeat(3)}!`]) {
    assert.equal(safeHref(value), null);
  }
  assert.ok(Date.now() - started < 200);
});

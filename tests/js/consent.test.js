// The under-15 consent rule of the person form, the mirror of the server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentErrors, underParentAge, PARENT_CONSENT_MESSAGE } from '../../pwa/js/consent.js';

const TODAY = '2026-11-25';

test('under 15 means before the 15th birthday, counted on the given day', () => {
  assert.equal(underParentAge('2011-11-26', TODAY), true); // 15 tomorrow
  assert.equal(underParentAge('2011-11-25', TODAY), false); // 15 today
  assert.equal(underParentAge('2008-03-01', TODAY), false);
  assert.equal(underParentAge('2012-02-29', TODAY), true);
  for (const unknown of [null, undefined, '', '25/11/2012', '2012-13', 'demain']) assert.equal(underParentAge(unknown, TODAY), false, String(unknown));
});

test('a 14-year-old\'s consent needs a parent\'s: an error in French on parent_consent_at', () => {
  const young = { birth_date: '2012-05-10', consent_at: '2026-11-25T09:00:00Z', parent_consent_at: null };
  assert.deepEqual(consentErrors(young, TODAY), { parent_consent_at: [PARENT_CONSENT_MESSAGE] });
  assert.match(PARENT_CONSENT_MESSAGE, /moins de 15 ans/);
  assert.deepEqual(consentErrors({ ...young, parent_consent_at: '2026-11-25T09:05:00Z' }, TODAY), {});
});

test('no consent recorded yet, 15 or more, or no birth date: nothing to say', () => {
  assert.deepEqual(consentErrors({ birth_date: '2012-05-10', consent_at: null, parent_consent_at: null }, TODAY), {});
  assert.deepEqual(consentErrors({ birth_date: '2011-01-10', consent_at: '2026-11-25T09:00:00Z' }, TODAY), {});
  assert.deepEqual(consentErrors({ consent_at: '2026-11-25T09:00:00Z' }, TODAY), {});
});

test('the age counts on the day of the consent: given at 14, it still needs the parent at 16', () => {
  const file = { birth_date: '2010-06-01', consent_at: '2024-09-15T10:00:00Z', parent_consent_at: null };
  assert.equal(underParentAge(file.birth_date, TODAY), false);
  assert.deepEqual(consentErrors(file, TODAY), { parent_consent_at: [PARENT_CONSENT_MESSAGE] });
  // The day as written, as the server reads it (server/domain/consent.py): never more lenient.
  assert.deepEqual(consentErrors({ ...file, consent_at: '2025-06-01T00:30:00Z' }, TODAY), {});
  assert.deepEqual(consentErrors({ ...file, consent_at: '2025-05-31T23:30:00Z' }, TODAY), { parent_consent_at: [PARENT_CONSENT_MESSAGE] });
  assert.deepEqual(consentErrors({ ...file, consent_at: 'pas une date' }, '2024-01-01'), { parent_consent_at: [PARENT_CONSENT_MESSAGE] });
});

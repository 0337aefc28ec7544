// A field's value in the words a form would show it (values.js), and every code list the
// server declares has its French words in labels.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { showValue, fieldOf, choices, EMPTY } from '../../pwa/js/values.js';
import { CODE_LISTS, FIELDS } from '../../pwa/js/field-labels.js';
import { BY_LIST } from '../../pwa/js/labels.js';

test('every code of every list a synced field uses has its French words', () => {
  const missing = Object.entries(CODE_LISTS).flatMap(([list, codes]) =>
    codes.filter((code) => !(BY_LIST[list] && BY_LIST[list][code])).map((code) => `${list}:${code}`));
  assert.deepEqual(missing, []);
  assert.ok(Object.keys(CODE_LISTS).length > 10, 'the lists come from the descriptions');
});

test('codes, dates, booleans and lists read as a form shows them', () => {
  assert.equal(fieldOf('referrals', 'status').label, 'Statut');
  assert.equal(showValue('referrals', 'status', 'refusee'), 'Refusée');
  assert.equal(showValue('beneficiaries', 'birth_date', '2007-03-09'), '09/03/2007');
  assert.equal(showValue('referrals', 'consent', true), 'oui');
  assert.equal(showValue('offers', 'thematiques', ['mobilite--preparer-un-permis']), 'Passer le permis');
  assert.equal(showValue('outcomes', 'kind', 'permis-obtenu'), 'Permis obtenu');
  assert.equal(showValue('beneficiaries', 'phone', null), EMPTY);
  assert.equal(showValue('action_steps', 'partner_id', 'p1', (id) => (id === 'p1' ? 'CCAS de Saint-Claude' : null)), 'CCAS de Saint-Claude');
  assert.match(showValue('contacts', 'date', '2026-03-02T10:00:00Z'), /2 mars à 11:00/);
});

test('a diagnostic reads as its answers, never as JSON', () => {
  const text = showValue('diagnostics', 'answers', { skills: { 'lire-horaires': 2 }, licence: 'code-en-cours', gave_up: true });
  assert.equal(text, 'Savoir-faire : Lire un horaire ou un plan : En cours ; Permis : Code en cours ; A déjà renoncé faute de mobilité : oui');
  assert.ok(!/[{}"]/.test(text));
});

test('a code list gives the choices of a form, in the server order', () => {
  assert.deepEqual(choices('CALLBACK_STATUSES'), [['a-rappeler', 'À rappeler'], ['rappele', 'Rappelé·e']]);
  assert.ok(FIELDS.beneficiaries.first_name[0] === 'Prénom');
});

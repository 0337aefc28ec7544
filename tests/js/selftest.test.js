// The self-test: only known codes leave the phone, the needs it points to, the diagnostic it fills.
import test from 'node:test';
import assert from 'node:assert/strict';
import { QUESTIONS, cleanAnswers, pointedNeeds, toDiagnostic, answerWords } from '../../pwa/js/selftest.js';
import { filterOffers } from '../../pwa/js/catalogue.js';
import { score } from '../../pwa/js/diagnostic.js';

test('6 to 8 questions, each with its answers in words', () => {
  assert.ok(QUESTIONS.length >= 6 && QUESTIONS.length <= 8);
  for (const [, text, , answers] of QUESTIONS) { assert.ok(text.endsWith('?')); assert.ok(answers.length >= 2); }
  assert.equal(answerWords('prix', 'beaucoup'), 'Oui, beaucoup');
});

test('only known questions and codes are kept', () => {
  assert.deepEqual(cleanAnswers({ permis: 'b', prix: 'énorme', sante: 'oui', message: 'x', adapte: 'oui' }), { permis: 'b', adapte: 'oui' });
});

test('the answers point to the needs, the chosen one first', () => {
  assert.deepEqual(pointedNeeds({ besoin: 'accompagne', permis: 'code-en-cours', vehicule: 'non', prix: 'un-peu' }), ['accompagne', 'permis', 'vehicule', 'payer', 'bus']);
  assert.deepEqual(pointedNeeds({ permis: 'b', vehicule: 'oui', prix: 'non', horaires: 'seul', decale: 'non' }), []);
});

test('the accessible filter keeps only offers said accessible', () => {
  const offers = [{ id: 1, nom: 'A', lieu_accessible: true }, { id: 2, nom: 'B', lieu_accessible: false }, { id: 3, nom: 'C' }];
  assert.deepEqual(filterOffers(offers, { accessible: true }).map((o) => o.id), [1]);
  assert.equal(filterOffers(offers, {}).length, 3);
});

test('the diagnostic answers it fills, and what they score', () => {
  const d = toDiagnostic({ permis: 'code-en-cours', vehicule: 'non', horaires: 'aide', loin: 'commune', decale: 'oui', prix: 'beaucoup', besoin: 'permis', adapte: 'oui' });
  assert.deepEqual(d, { means: { licence: 'code-en-cours', vehicle: false }, skills: { 'lire-horaires': 3 }, project: { radius: 'commune', atypical_hours: true }, barriers: { financier: 3 } });
  const { levels } = score(d);
  assert.deepEqual([levels.moyens, levels.competences, levels.freins, levels.pratiques, levels.motivation], [1, 3, 1, null, null]);
  assert.deepEqual(toDiagnostic({}), {});
});

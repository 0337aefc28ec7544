// The action plan's pure parts: barriers a diagnostic found, steps under their objective, and
// the young person's plan in plain words (as printed and shared), checked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barriersFound, groupSteps, latestDiagnostic } from '../../pwa/js/views/plan.js';
import { planForYou, planText, whoDoes } from '../../pwa/js/views/plan-print.js';

test('the latest diagnostic\'s barriers, strongest first, never health', () => {
  const d = latestDiagnostic([
    { id: 'old', date: '2026-01-10', answers: { barriers: { financier: 3 } } },
    { id: 'new', date: '2026-06-01', answers: { barriers: { financier: 1, territorial: 3, numerique: 0, sante: true } } },
  ]);
  assert.equal(d.id, 'new');
  assert.deepEqual(barriersFound(d), ['territorial', 'financier']);
  assert.deepEqual(barriersFound(null), []);
  assert.deepEqual(barriersFound({ answers: {} }), []);
});

test('steps go under their objective by due date; others (or of a removed objective) apart', () => {
  const objectives = [{ id: 'o1', label: 'Payer' }];
  const steps = [
    { id: 'b', objective_id: 'o1', label: 'B', due_date: '2026-12-20' },
    { id: 'a', objective_id: 'o1', label: 'A', due_date: '2026-12-10' },
    { id: 'c', objective_id: 'gone', label: 'C' },
    { id: 'd', label: 'D', due_date: '2026-12-01' },
  ];
  const { by, loose } = groupSteps(objectives, steps);
  assert.deepEqual(by.get('o1').map((s) => s.id), ['a', 'b']);
  assert.deepEqual(loose.map((s) => s.id), ['d', 'c']);
});

test('the plan for the young person says who, when and how to reach the offer; dropped items are left out', () => {
  const partners = [{ id: 'p1', nom: 'Garage solidaire' }];
  const offers = [{ id: 'f1', nom: 'Aide au permis', telephone: '03 84 00 00 00', adresse: '1 rue du Pré', commune: 'Saint-Claude' }];
  const objectives = [
    { id: 'o1', label: 'Trouver comment payer mes déplacements', status: 'en-cours' },
    { id: 'o2', label: 'Abandonné', status: 'abandonne' },
    { id: 'o3', label: 'Avoir un vélo', status: 'atteint' },
  ];
  const steps = [
    { id: 's1', objective_id: 'o1', label: 'Aide au permis', offer_id: 'f1', carried_by: 'jeune', due_date: '2026-12-14', status: 'a-faire' },
    { id: 's2', objective_id: 'o1', label: 'Appeler le garage', carried_by: 'partenaire', partner_id: 'p1', status: 'fait' },
    { id: 's3', objective_id: 'o3', label: 'Réparer le vélo', carried_by: 'referente', status: 'abandonne' },
    { id: 's4', label: 'Venir à la permanence', carried_by: 'referente', status: 'en-cours' },
  ];
  const parts = planForYou({ objectives, steps, offers, partners });
  assert.deepEqual(parts.map((p) => [p.title, p.reached, p.steps.map((s) => s.label)]), [
    ['Trouver comment payer mes déplacements', false, ['Aide au permis', 'Appeler le garage']],
    ['Avoir un vélo', true, []],
    ['Autres choses à faire', false, ['Venir à la permanence']],
  ]);
  const [first, second] = parts[0].steps;
  assert.deepEqual(first, { label: 'Aide au permis', who: 'Toi', when: 'lundi 14 décembre', done: false, contact: '03 84 00 00 00 · 1 rue du Pré, Saint-Claude' });
  assert.equal(second.who, 'Garage solidaire');
  assert.equal(second.done, true);
  assert.equal(whoDoes({ carried_by: 'partenaire', partner_id: 'x' }, () => undefined), 'Un partenaire');
  assert.equal(whoDoes({}, () => undefined), 'Toi');
  const text = planText('Léa Martin', parts, '2026-12-04');
  assert.equal(text.split('\n').slice(0, 5).join('\n'), [
    'Mon plan pour bouger — Léa Martin', 'Fait le vendredi 4 décembre', '',
    'Trouver comment payer mes déplacements',
    '- Aide au permis · Qui : Toi · Pour le lundi 14 décembre · Contact : 03 84 00 00 00 · 1 rue du Pré, Saint-Claude'].join('\n'));
  assert.ok(text.includes('- [fait] Appeler le garage · Qui : Garage solidaire'));
  assert.ok(text.includes('✓ Avoir un vélo'));
  // Whom to ask: the account's structure, never a name written in the code.
  assert.equal(text.split('\n').at(-1), 'Une question ? Ta référente mobilité.');
  assert.equal(planText('Léa Martin', parts, '2026-12-04', 'Mission Locale du Haut-Doubs').split('\n').at(-1),
    'Une question ? Ta référente mobilité, Mission Locale du Haut-Doubs.');
});

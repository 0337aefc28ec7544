// What the office must check again (catalogue freshness), and who was trained, by organisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, addDays, dueOn, dueItems, overdueText, DEFAULT_CHECK_DAYS } from '../../pwa/js/freshness.js';
import { trainingSessions, trainedPerPartner } from '../../pwa/js/trainings.js';

test('day arithmetic across months, leap days and the summer-time change', () => {
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
  assert.equal(daysBetween('2026-03-30', '2026-03-28'), -2);
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2, 'leap year');
  assert.equal(addDays('2026-10-24', 2), '2026-10-26');
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2026-01-31', 30), '2026-03-02');
});

test('due: never checked, or last check + frequency on or before today', () => {
  const today = '2026-11-25';
  const rows = [
    { id: 'never', nom: 'Jamais' },
    { id: 'today', nom: 'Aujourd’hui', last_checked_at: '2026-10-26', check_every_days: 30 },
    { id: 'late', nom: 'En retard', last_checked_at: '2026-01-10', check_every_days: 90 },
    { id: 'fresh', nom: 'À jour', last_checked_at: '2026-11-01', check_every_days: 30 },
    { id: 'tomorrow', nom: 'Demain', last_checked_at: '2026-10-27', check_every_days: 30 },
    { id: 'default-late', nom: 'Sans fréquence', last_checked_at: '2026-05-01' },
    { id: 'default-fresh', nom: 'Sans fréquence, récent', last_checked_at: '2026-06-01' },
  ];
  assert.equal(dueOn(rows[0]), null);
  assert.equal(dueOn(rows[1]), '2026-11-25');
  assert.equal(dueOn(rows[5]), addDays('2026-05-01', DEFAULT_CHECK_DAYS));
  const items = dueItems({ offers: rows }, today);
  assert.deepEqual(items.map((i) => i.row.id), ['never', 'late', 'default-late', 'today'], 'most overdue first');
  assert.deepEqual(items.map((i) => i.overdue), [Infinity, daysBetween('2026-04-10', today), daysBetween('2026-10-28', today), 0]);
  assert.deepEqual(items.map(overdueText), ['Jamais vérifié', 'En retard de 229 jours', 'En retard de 28 jours', 'À vérifier aujourd\'hui']);
  assert.equal(overdueText({ due: '2026-11-24', overdue: 1 }), 'En retard de 1 jour');
});

test('due: offers and partners together, ties by name, deleted rows left out', () => {
  const items = dueItems({
    offers: [{ id: 'o1', nom: 'Vélo solidaire' }, { id: 'o2', nom: 'Auto-école sociale', _deleted: true }],
    partners: [{ id: 'p1', nom: 'CCAS' }, { id: 'p2', nom: 'ASMH', last_checked_at: '2026-11-20T10:00:00Z', check_every_days: 1 }],
  }, '2026-11-25');
  assert.deepEqual(items.map((i) => [i.table, i.row.id]), [['partners', 'p1'], ['offers', 'o1'], ['partners', 'p2']]);
  assert.equal(items[2].overdue, 4, 'a date-time counts by its day');
  assert.deepEqual(dueItems({ offers: [], partners: [] }, '2026-11-25'), []);
});

test('trained professionals: once per (name, organisation), live training sessions only', () => {
  const sessions = [
    { id: 's1', kind: 'formation', starts_at: '2026-03-01T09:00:00Z' },
    { id: 's2', kind: 'formation', starts_at: '2026-09-01T09:00:00Z' },
    { id: 's3', kind: 'permanence', starts_at: '2026-10-01T09:00:00Z' },
  ];
  const live = trainingSessions(sessions);
  assert.deepEqual(live.map((s) => s.id), ['s2', 's1'], 'trainings only, latest first');
  const partners = [{ id: 'ft', nom: 'France Travail' }, { id: 'ccas', nom: 'CCAS' }];
  const trainees = [
    { session_id: 's1', name: 'Anne Lenoir', partner_id: 'ft' },
    { session_id: 's2', name: ' anne lenoir ', partner_id: 'ft' }, // the same person, trained twice
    { session_id: 's2', name: 'Anne Lenoir', partner_id: 'ccas' }, // another organisation
    { session_id: 's1', name: 'Paul Roche', partner_id: 'ccas' },
    { session_id: 's2', name: 'Marc Pic' },
    { session_id: 's3', name: 'Hors formation', partner_id: 'ft' },
    { session_id: 'gone', name: 'Séance supprimée', partner_id: 'ft' },
    { session_id: 's1', name: '  ', partner_id: 'ft' },
    { session_id: 's1', name: 'Lina Sol', partner_id: 'inconnu' },
  ];
  assert.deepEqual(trainedPerPartner(trainees, live, partners), [
    { partner_id: 'ccas', name: 'CCAS', people: 2 },
    { partner_id: 'ft', name: 'France Travail', people: 1 },
    { partner_id: 'inconnu', name: 'Organisation inconnue', people: 1 },
    { partner_id: null, name: 'Sans organisation', people: 1 },
  ]);
});

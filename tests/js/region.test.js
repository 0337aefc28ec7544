// The region's screen (issue 12): each structure's headline figures and the total read from
// GET /api/region/key-figures, the outcomes per structure, the year asked in the route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADLINES, headlineRows, outcomeRows, yearFrom } from '../../pwa/js/views/region.js';

const figures = (n) => ({
  profile: { total: 10 * n, young: 7 * n },
  actions: [{ action: 'atelier', participations: n }, { action: 'permanence', participations: 2 * n }],
  targets: [{ key: 'referred', value: n }, { key: 'mobilised', value: 2 * n }, { key: 'contacts', value: 3 * n }, { key: 'trained', value: 0 }],
  partners: [{ partner: 'France Travail', sent: 4 * n }],
  outcomes: n === 1 ? { 'code-obtenu': 2, 'etape-franchie': 1 } : { emploi: 5 },
});
const answer = {
  structures: [{ id: 'a', name: 'Mission Locale Sud Jura', figures: figures(1) }, { id: 'b', name: null, figures: figures(2) }],
  total: { ...figures(3), outcomes: { 'code-obtenu': 2, 'etape-franchie': 1, emploi: 5 } },
};

test('one row per structure and the total last, in the order of the headings', () => {
  const rows = headlineRows(answer);
  assert.equal(HEADLINES.length, 9);
  assert.deepEqual(rows.map((r) => r[0]), ['Mission Locale Sud Jura', 'Structure sans nom', 'Total des structures']);
  assert.deepEqual(rows[0], ['Mission Locale Sud Jura', 10, 7, 3, 1, 2, 3, 4, 3, 0]);
  assert.deepEqual(rows[2], ['Total des structures', 30, 21, 9, 3, 6, 9, 12, 8, 0]);
  assert.deepEqual(headlineRows({ structures: [], total: null }), [], 'no structure: no row (the screen says so)');
});

test('outcomes: every kind met in a structure, in words, with the total', () => {
  assert.deepEqual(outcomeRows(answer), [
    ['Code obtenu', 2, 0, 2], ['Étape du parcours franchie', 1, 0, 1], ['Emploi', 0, 5, 5]]);
});

test('the year: this one by default, one of the six offered, else this one and why', () => {
  const q = (s) => new URLSearchParams(s);
  assert.deepEqual(yearFrom(q(''), '2026-12-04'), { year: 2026, years: [2026, 2025, 2024, 2023, 2022, 2021], error: null });
  assert.equal(yearFrom(q('annee=2024'), '2026-12-04').year, 2024);
  for (const bad of ['annee=2019', 'annee=2027', 'annee=20 26', 'annee=2026.0', 'annee=']) {
    const got = yearFrom(q(bad), '2026-12-04');
    assert.equal(got.year, 2026, bad);
    assert.match(got.error, /n'est pas proposée/, bad);
  }
});

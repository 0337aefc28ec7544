import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  score, suggestThematiques, suggestOffers, roundMean, MODES, FREQUENCIES, LICENCES, SKILLS, GRADED_BARRIERS,
} from '../../pwa/js/diagnostic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('empty answers: nothing assessed, the path starts at "apprendre"', () => {
  assert.deepEqual(score({}), { levels: { pratiques: null, moyens: null, competences: null, freins: null, motivation: null }, stage: 'apprendre' });
});

test('halves round up in the skills mean', () => {
  assert.equal(roundMean([2, 3]), 3);
  assert.equal(roundMean([1, 2, 2]), 2);
  assert.equal(roundMean([1, 1, 2, 2]), 2);
});

test('the example of docs/data-model.md', () => {
  const answers = {
    practices: { marche: 'souvent', urbus: 'parfois', velo: 'jamais' },
    means: { licence: 'aucun', vehicle: false, insurance: false, transport_pass: false },
    skills: { 'lire-horaires': 1, 's-orienter': 2, 'appli-itineraire': 3, 'acheter-titre': 4, 'faire-velo': 2, 'demander-chemin': 3 },
    barriers: { financier: 2, psychologique: 0, numerique: 1, 'lecture-langue': 0, administratif: 0, familial: 0, territorial: 3, sante: true },
    motivation: 3,
  };
  assert.deepEqual(score(answers), { levels: { pratiques: 3, moyens: 1, competences: 3, freins: 1, motivation: 3 }, stage: 'moyens' });
  assert.deepEqual(suggestThematiques(answers), [
    'mobilite--acceder-a-un-vehicule', 'mobilite--financer-ma-mobilite', 'mobilite--preparer-un-permis',
    'mobilite--mobilite-douce-partagee-collective',
  ]);
});

test('moyens: licence and insured vehicle give 4; a suspended licence does not count', () => {
  assert.equal(score({ means: { licence: 'b', vehicle: true } }).levels.moyens, 4);
  assert.equal(score({ means: { licence: 'b', licence_valid: false, vehicle: true } }).levels.moyens, 2);
  assert.equal(score({ means: { licence: 'b', vehicle: true, insurance: false, transport_pass: true } }).levels.moyens, 3);
});

test('freins: the worst barrier, one level less when they add up to 6', () => {
  assert.equal(score({ barriers: { sante: false } }).levels.freins, 4);
  assert.equal(score({ barriers: { sante: true } }).levels.freins, 2);
  assert.equal(score({ barriers: { financier: 2, numerique: 2, familial: 2 } }).levels.freins, 1);
});

test('stage: nobody is placed further than what was checked', () => {
  assert.equal(score({ skills: { 'lire-horaires': 4 } }).stage, 'envie');
  assert.equal(score({ skills: { 'lire-horaires': 4 }, motivation: 4 }).stage, 'moyens');
  assert.equal(score({ skills: { 'lire-horaires': 4 }, motivation: 4, barriers: { psychologique: 2 } }).stage, 'envie');
  const full = { skills: { 'lire-horaires': 4 }, motivation: 4, means: { licence: 'b', vehicle: true }, barriers: { sante: false }, practices: { marche: 'souvent', velo: 'souvent', urbus: 'souvent' } };
  assert.equal(score(full).stage, 'autonomie');
  assert.equal(score({ ...full, practices: { marche: 'parfois' } }).stage, 'envie');
});

test('suggested offers: those meeting the needs, most matches first', () => {
  const offers = [
    { id: 1, nom: 'Auto-école sociale', thematiques: ['mobilite--preparer-un-permis'] },
    { id: 2, nom: 'Garage solidaire', thematiques: ['mobilite--entretenir-reparer-son-vehicule'] },
    { id: 3, nom: 'Aide au permis', thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'] },
  ];
  const got = suggestOffers({ means: { licence: 'code' }, barriers: { financier: 1 } }, offers).map((o) => o.id);
  assert.deepEqual(got, [3, 1]);
});

// Random answers, valid for the server's schema.
function randomAnswers(rand) {
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const maybe = (p = 0.6) => rand() < p;
  const a = {};
  if (maybe()) { a.practices = {}; for (const m of MODES) if (maybe(0.4)) a.practices[m] = pick(FREQUENCIES); }
  if (maybe()) {
    a.means = {};
    if (maybe()) a.means.licence = pick(LICENCES);
    for (const k of ['licence_valid', 'vehicle', 'insurance', 'transport_pass']) if (maybe(0.5)) a.means[k] = maybe(0.5);
  }
  if (maybe()) { a.skills = {}; for (const s of SKILLS) if (maybe(0.5)) a.skills[s] = 1 + Math.floor(rand() * 4); }
  if (maybe()) {
    a.barriers = {};
    for (const b of GRADED_BARRIERS) if (maybe(0.5)) a.barriers[b] = Math.floor(rand() * 4);
    if (maybe(0.5)) a.barriers.sante = maybe(0.5);
  }
  if (maybe()) a.motivation = 1 + Math.floor(rand() * 4);
  return a;
}

function seeded(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const PYTHON = [path.join(ROOT, '.venv/bin/python'), 'python3'].find((p) => p === 'python3' || existsSync(p));
const PY = `
import json, sys
from server.domain.diagnostic import score, suggest_thematiques, validate_answers
out = []
for a in json.load(sys.stdin):
    a = validate_answers(a)
    levels, stage = score(a)
    out.append({"levels": levels, "stage": stage, "thematiques": suggest_thematiques(a)})
json.dump(out, sys.stdout)
`;

function pythonScores(cases) {
  if (!existsSync(path.join(ROOT, 'server/domain/diagnostic.py'))) return null;
  const run = spawnSync(PYTHON, ['-c', PY], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { error: run.stderr || String(run.error) };
  return JSON.parse(run.stdout);
}

test('same levels, stage and thématiques as server/domain/diagnostic.py on 2,000 random answers', (t) => {
  const rand = seeded(20261125);
  const cases = Array.from({ length: 2000 }, () => randomAnswers(rand));
  const expected = pythonScores(cases);
  if (!expected || expected.error) {
    if (expected && /ModuleNotFoundError: No module named 'marshmallow'/.test(expected.error)) { t.skip('marshmallow not installed for python'); return; }
    assert.fail(`the Python scorer could not run: ${expected ? expected.error : 'server/domain/diagnostic.py missing'}`);
  }
  cases.forEach((a, i) => {
    const got = score(a);
    assert.deepEqual({ ...got, thematiques: suggestThematiques(a) }, expected[i], `case ${i}: ${JSON.stringify(a)}`);
  });
});

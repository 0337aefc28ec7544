// Mobility diagnostic scoring: the exact mirror of server/domain/diagnostic.py (questionnaire
// version 1). Levels go from 1 (strong need) to 4 (autonomous); null when a part is not answered.
// Keep both files in step: tests/js/diagnostic.test.js holds the shared examples.

export const MODES = ['marche', 'urbus', 'mobigo', 'ter', 'velo', 'deux-roues', 'passager', 'covoiturage', 'tad'];
export const FREQUENCIES = ['jamais', 'parfois', 'souvent'];
export const LICENCES = ['aucun', 'code-en-cours', 'code', 'conduite-en-cours', 'b', 'am', 'autre'];
export const RADII = ['quartier', 'commune', 'communaute', 'au-dela'];
export const SKILLS = ['lire-horaires', 's-orienter', 'appli-itineraire', 'acheter-titre', 'faire-velo', 'demander-chemin'];
export const GRADED_BARRIERS = ['financier', 'psychologique', 'numerique', 'lecture-langue', 'administratif', 'familial', 'territorial'];
export const DIMENSIONS = ['pratiques', 'moyens', 'competences', 'freins', 'motivation'];
export const STAGES = ['apprendre', 'envie', 'moyens', 'autonomie'];
export const THEMATIQUES = [
  'mobilite',
  'mobilite--acceder-a-un-vehicule',
  'mobilite--entretenir-reparer-son-vehicule',
  'mobilite--etre-accompagne-dans-son-parcours-mobilite',
  'mobilite--financer-ma-mobilite',
  'mobilite--preparer-un-permis',
  'mobilite--mobilite-douce-partagee-collective',
];

const SANTE_SEVERITY = 2;
const USABLE_LICENCES = ['b', 'am', 'autre'];
const LICENCE_IN_PROGRESS = ['aucun', 'code-en-cours', 'code', 'conduite-en-cours'];

const isEmpty = (obj) => !obj || Object.keys(obj).length === 0;

// floor(mean + 1/2) in integers: halves round up, as in the server.
export function roundMean(values) {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  return Math.floor((2 * sum + n) / (2 * n));
}

function freins(barriers) {
  if (isEmpty(barriers)) return null;
  const severities = GRADED_BARRIERS.map((b) => barriers[b] ?? 0);
  if (barriers.sante === true) severities.push(SANTE_SEVERITY);
  let level = 4 - Math.max(...severities);
  if (severities.reduce((a, b) => a + b, 0) >= 6) level -= 1;
  return Math.max(level, 1);
}

function moyens(means) {
  if (isEmpty(means)) return null;
  const licence = USABLE_LICENCES.includes(means.licence) && means.licence_valid !== false;
  const vehicle = means.vehicle === true && means.insurance !== false;
  if (licence && vehicle) return 4;
  return 1 + Number(licence) + Number(vehicle) + Number(means.transport_pass === true);
}

function pratiques(practices) {
  if (isEmpty(practices)) return null;
  const points = Object.values(practices).reduce((a, f) => a + FREQUENCIES.indexOf(f), 0);
  if (points === 0) return 1;
  if (points <= 2) return 2;
  return points <= 5 ? 3 : 4;
}

function stage(levels, psychologique) {
  const low = (dim) => levels[dim] != null && levels[dim] <= 2;
  if (low('competences')) return 'apprendre';
  if (low('motivation') || psychologique >= 2) return 'envie';
  if (low('moyens') || low('freins')) return 'moyens';
  if (low('pratiques')) return 'envie';
  const order = [[['competences'], 'apprendre'], [['motivation'], 'envie'], [['moyens', 'freins'], 'moyens'], [['pratiques'], 'envie']];
  for (const [dims, s] of order) if (dims.some((d) => levels[d] == null)) return s;
  return 'autonomie';
}

// {levels, stage} from answers (already valid: the form only produces valid values).
export function score(answers = {}) {
  const skills = answers.skills || {};
  const skillValues = Object.values(skills);
  const levels = {
    pratiques: pratiques(answers.practices || {}),
    moyens: moyens(answers.means || {}),
    competences: skillValues.length ? roundMean(skillValues) : null,
    freins: freins(answers.barriers || {}),
    motivation: answers.motivation ?? null,
  };
  const psychologique = (answers.barriers || {}).psychologique ?? 0;
  return { levels, stage: stage(levels, psychologique) };
}

// The data·inclusion thématiques matching the needs found, in code order.
export function suggestThematiques(answers = {}) {
  const means = answers.means || {};
  const barriers = answers.barriers || {};
  const { levels } = score(answers);
  const found = new Set();
  if ((barriers.financier ?? 0) >= 1) {
    found.add('mobilite--financer-ma-mobilite');
    if (means.vehicle === true) found.add('mobilite--entretenir-reparer-son-vehicule');
  }
  if (LICENCE_IN_PROGRESS.includes(means.licence) || means.licence_valid === false) found.add('mobilite--preparer-un-permis');
  if (means.vehicle === false) {
    found.add('mobilite--acceder-a-un-vehicule');
    found.add('mobilite--mobilite-douce-partagee-collective');
  }
  if (means.transport_pass === false || (barriers.territorial ?? 0) >= 2) found.add('mobilite--mobilite-douce-partagee-collective');
  const needsSupport = ['competences', 'motivation'].some((d) => levels[d] != null && levels[d] <= 2);
  if (needsSupport || ['psychologique', 'numerique', 'lecture-langue'].some((b) => (barriers[b] ?? 0) >= 2)) {
    found.add('mobilite--etre-accompagne-dans-son-parcours-mobilite');
  }
  return THEMATIQUES.filter((code) => found.has(code));
}

// Offers whose thématiques meet the suggestions, the most matches first.
export function suggestOffers(answers, offers) {
  const wanted = new Set(suggestThematiques(answers));
  return offers
    .map((o) => ({ offer: o, hits: (o.thematiques || []).filter((t) => wanted.has(t)).length }))
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.hits - a.hits || String(a.offer.nom).localeCompare(String(b.offer.nom), 'fr'))
    .map((x) => x.offer);
}

// The self-test « Où j'en suis pour bouger ? »: its questions (codes and plain words), what
// its answers point to in the catalogue, and the diagnostic answers it fills. The codes mirror
// server/domain/selftest.py (a node test keeps both in step); the mapping is in docs/pwa.md.

import { NEEDS } from './labels.js';

const YES_NO = [['oui', 'Oui'], ['non', 'Non']];

// [code, question, help or null, [answer code, words]...]: one idea per sentence, tutoiement.
export const QUESTIONS = [
  ['besoin', 'Qu\'est-ce qui t\'aiderait d\'abord ?', 'Choisis une seule réponse.', NEEDS.map(([k, text]) => [k, text])],
  ['permis', 'As-tu le permis de conduire ?', null, [['aucun', 'Non, pas encore'], ['code-en-cours', 'J\'apprends le code'], ['conduite-en-cours', 'J\'apprends à conduire'], ['b', 'Oui, j\'ai le permis']]],
  ['vehicule', 'As-tu un véhicule à toi ?', 'Un vélo, un scooter ou une voiture.', YES_NO],
  ['horaires', 'Sais-tu lire un horaire de bus ou de train ?', null, [['seul', 'Oui, seul·e'], ['aide', 'Avec de l\'aide'], ['non', 'Non']]],
  ['loin', 'Jusqu\'où vas-tu seul·e ?', null, [['quartier', 'Mon quartier'], ['commune', 'Ma commune'], ['communaute', 'Les communes autour'], ['au-dela', 'Plus loin']]],
  ['decale', 'Dois-tu bouger tôt le matin, le soir ou le week-end ?', null, YES_NO],
  ['prix', 'Le prix des trajets, c\'est un problème pour toi ?', null, [['non', 'Non'], ['un-peu', 'Un peu'], ['beaucoup', 'Oui, beaucoup']]],
  ['adapte', 'As-tu besoin d\'un transport adapté ou d\'un lieu sans marches ?', 'Par exemple en fauteuil roulant. Réponds juste oui ou non.', YES_NO],
];

// The referent's words for each question (the contact screen).
export const WORDS = {
  besoin: 'Ce qui l\'aiderait d\'abord', permis: 'Permis', vehicule: 'Un véhicule à soi',
  horaires: 'Lire un horaire de bus ou de train', loin: 'Jusqu\'où elle ou il va seul·e',
  decale: 'Horaires décalés', prix: 'Le prix des trajets est un problème',
  adapte: 'Besoin d\'un transport adapté ou d\'un accès sans marche',
};

const CODES = Object.fromEntries(QUESTIONS.map(([q, , , answers]) => [q, answers.map(([a]) => a)]));

// Only known questions and codes: what leaves the phone is exactly this.
export function cleanAnswers(values) {
  const out = {};
  for (const [q, codes] of Object.entries(CODES)) if (codes.includes(values[q])) out[q] = values[q];
  return out;
}

export function answerWords(question, code) {
  const q = QUESTIONS.find(([k]) => k === question);
  const a = q && q[3].find(([k]) => k === code);
  return a ? a[1] : code;
}

// The catalogue needs (labels.js NEEDS) the answers point to, the chosen one first.
export function pointedNeeds(a) {
  const needs = [];
  const add = (k) => { if (k && !needs.includes(k)) needs.push(k); };
  add(a.besoin);
  if (['aucun', 'code-en-cours', 'conduite-en-cours'].includes(a.permis)) add('permis');
  if (a.vehicule === 'non') add('vehicule');
  if (a.prix === 'un-peu' || a.prix === 'beaucoup') add('payer');
  if (a.horaires === 'aide' || a.horaires === 'non') add('accompagne');
  if (a.vehicule === 'non' || a.decale === 'oui') add('bus');
  return needs;
}

const SKILL = { seul: 4, aide: 3, non: 1 };
const FINANCIAL = { non: 0, 'un-peu': 1, beaucoup: 3 };

// The diagnostic answers (questionnaire v1) the self-test covers; the rest stays to ask.
export function toDiagnostic(a) {
  const out = {};
  if (a.permis) (out.means ||= {}).licence = a.permis;
  if (a.vehicule) (out.means ||= {}).vehicle = a.vehicule === 'oui';
  if (a.horaires) out.skills = { 'lire-horaires': SKILL[a.horaires] };
  if (a.loin) (out.project ||= {}).radius = a.loin;
  if (a.decale) (out.project ||= {}).atypical_hours = a.decale === 'oui';
  if (a.prix) out.barriers = { financier: FINANCIAL[a.prix] };
  return out;
}

// Suggestions that fit the person: the offers whose thématiques meet the diagnostic's needs
// (diagnostic.js), kept or set aside by the person's age, commune and situation, each with a
// few words saying why. Financial aids and anything the device cannot know are « à vérifier »
// hints, never a decision: the referent checks them with the structure.

import { suggestThematiques } from './diagnostic.js';
import { THEMATIQUES as THEME_WORDS } from './labels.js';

// The person's situation against the offers' data·inclusion publics. null: unknown here.
const PUBLIC_TESTS = {
  'tous-publics': () => true,
  jeunes: (p) => (p.age == null ? null : p.age <= 25),
  'jeunes-16-26': (p) => (p.age == null ? null : p.age >= 16 && p.age <= 26),
  'demandeurs-emploi': (p) => (p.status ? ['demandeur-emploi', 'cej', 'sans-activite'].includes(p.status) : null),
  etudiants: (p) => (p.status ? ['etudiant', 'scolaire'].includes(p.status) : null),
  salaries: (p) => (p.status ? p.status === 'salarie' : null),
  'residents-qpv-frr': (p) => (p.qpv || p.frr || p.zrr ? true : (p.qpv === false && (p.frr === false || p.zrr === false) ? false : null)),
};

export function ageOn(birthDate, today) {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - y - ((tm < m || (tm === m && td < d)) ? 1 : 0);
}

function ageCheck(offer, age) {
  const { age_min: low, age_max: high } = offer;
  if (low == null && high == null) return { ok: true };
  const span = low != null && high != null ? `de ${low} à ${high} ans` : low != null ? `dès ${low} ans` : `jusqu'à ${high} ans`;
  if (age == null) return { ok: true, check: `Âge à vérifier (${span})` };
  if ((low != null && age < low) || (high != null && age > high)) return { ok: false, why: `Réservée aux personnes ${span} : la personne a ${age} ans` };
  return { ok: true, reason: `Pour ses ${age} ans (${span})` };
}

function zoneCheck(offer, commune, territory) {
  const zone = offer.zone_eligibilite || [];
  if (!territory || !zone.length) return { ok: true };
  if (territory.covers(zone, null)) return { ok: true }; // no code: open to everyone
  if (!commune) return { ok: true, check: 'Commune à vérifier : l\'offre est réservée à une zone' };
  return territory.covers(zone, commune)
    ? { ok: true, reason: `Couvre ${commune.nom}` }
    : { ok: false, why: `Hors de sa zone : ${commune.nom} n'en fait pas partie` };
}

function publicsCheck(offer, person) {
  const publics = offer.publics || [];
  if (!publics.length) return { ok: true };
  const answers = publics.map((code) => (PUBLIC_TESTS[code] ? PUBLIC_TESTS[code](person) : null));
  if (answers.includes(true)) return { ok: true, reason: 'Son public correspond à sa situation' };
  if (answers.includes(null)) return { ok: true, check: 'Public à vérifier avec la structure' };
  return { ok: false, why: 'Réservée à d\'autres publics que sa situation' };
}

// A person who needs adapted transport or step-free access: the offer's place must be
// accessible (offers.lieu_accessible); not said: to check.
function accessCheck(offer, person) {
  if (person.adapted_transport !== true || !offer.adresse && !offer.commune) return { ok: true };
  if (offer.lieu_accessible === true) return { ok: true, reason: 'Lieu accessible' };
  if (offer.lieu_accessible === false) return { ok: false, why: 'Lieu non accessible, alors que la personne a besoin d\'un accès adapté' };
  return { ok: true, check: 'Accessibilité du lieu à vérifier' };
}

// { fits: [{offer, reasons, checks}], setAside: [{offer, why}] }, best fits first.
export function fitOffers({ person = {}, answers = {}, offers = [], territory = null, today }) {
  const wanted = new Set(suggestThematiques(answers));
  const age = ageOn(person.birth_date, today);
  const who = { ...person, age };
  const commune = territory ? territory.resolve({ code: person.commune_code, name: person.commune }) : null;
  const fits = [];
  const setAside = [];
  for (const offer of offers) {
    const met = (offer.thematiques || []).filter((t) => wanted.has(t));
    if (!met.length) continue;
    const tests = [ageCheck(offer, age), zoneCheck(offer, commune, territory), publicsCheck(offer, who), accessCheck(offer, person)];
    const refused = tests.find((t) => !t.ok);
    if (refused) { setAside.push({ offer, why: refused.why }); continue; }
    const reasons = [`Répond à : ${met.map((t) => THEME_WORDS[t] || t).join(', ')}`, ...tests.map((t) => t.reason).filter(Boolean)];
    if (offer.frais === 'gratuit') reasons.push('Gratuit');
    const checks = tests.map((t) => t.check).filter(Boolean);
    if (offer.type === 'aide-financiere') checks.unshift('Aide financière : droit à vérifier avec la structure, ce n\'est pas une décision');
    fits.push({ offer, reasons, checks, score: met.length * 10 + (offer.frais === 'gratuit' ? 1 : 0) - checks.length });
  }
  fits.sort((a, b) => b.score - a.score || String(a.offer.nom).localeCompare(String(b.offer.nom), 'fr'));
  return { fits, setAside };
}

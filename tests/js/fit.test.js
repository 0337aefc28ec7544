// Suggestions that fit the person (fit.js): age, zone, situation, cost; why in a few words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitOffers, ageOn } from '../../pwa/js/fit.js';

// A small stand-in for territory.js: two communes, one EPCI, the Jura.
const COMMUNES = { 39478: { code: '39478', nom: 'Saint-Claude', epci: '200026573', departement: '39' }, 39300: { code: '39300', nom: 'Lons-le-Saunier', epci: '200040707', departement: '39' } };
const territory = {
  resolve: ({ code, name }) => COMMUNES[code] || Object.values(COMMUNES).find((c) => c.nom === name) || null,
  covers: (zone, c) => !zone.some((z) => /^\d+$/.test(z)) || (c != null && zone.some((z) => [c.code, c.epci, c.departement].includes(z))),
};
const NEEDS_LICENCE = { means: { licence: 'code-en-cours', vehicle: false }, barriers: { financier: 2 } };
const PERMIS = 'mobilite--preparer-un-permis';
const offer = (id, extra) => ({ id, nom: id, thematiques: [PERMIS], ...extra });

test('an adult-only offer is set aside for a 16-year-old, with the reason', () => {
  const person = { birth_date: '2010-06-01', commune_code: '39478' };
  const { fits, setAside } = fitOffers({ person, answers: NEEDS_LICENCE, territory, today: '2026-12-04',
    offers: [offer('Location 18+', { age_min: 18 }), offer('Auto-école sociale', { age_min: 16, age_max: 25 })] });
  assert.deepEqual(fits.map((f) => f.offer.id), ['Auto-école sociale']);
  assert.ok(fits[0].reasons.includes('Pour ses 16 ans (de 16 à 25 ans)'));
  assert.deepEqual(setAside, [{ offer: setAside[0].offer, why: 'Réservée aux personnes dès 18 ans : la personne a 16 ans' }]);
});

test('an offer of the Haut-Jura is set aside for someone living in Lons-le-Saunier', () => {
  const offers = [offer('Haut-Jura', { zone_eligibilite: ['200026573'] }), offer('Jura', { zone_eligibilite: ['39'] })];
  const lons = fitOffers({ person: { commune: 'Lons-le-Saunier' }, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' });
  assert.deepEqual(lons.fits.map((f) => f.offer.id), ['Jura']);
  assert.match(lons.setAside[0].why, /Hors de sa zone : Lons-le-Saunier/);
  const claude = fitOffers({ person: { commune_code: '39478' }, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' });
  assert.equal(claude.fits.length, 2);
  assert.ok(claude.fits[0].reasons.includes('Couvre Saint-Claude'));
  // No commune known: kept, with something to check.
  const unknown = fitOffers({ person: {}, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' });
  assert.ok(unknown.fits.every((f) => f.checks.some((c) => /Commune à vérifier/.test(c))));
});

test('situation against publics, free offers first, financial aids only as hints', () => {
  const offers = [
    offer('Pour salariés', { publics: ['salaries'] }),
    offer('Pour demandeurs', { publics: ['demandeurs-emploi'], frais: 'payant' }),
    offer('Aide permis', { publics: ['demandeurs-emploi'], frais: 'gratuit', type: 'aide-financiere', thematiques: [PERMIS, 'mobilite--financer-ma-mobilite'] }),
    offer('Minimas', { publics: ['beneficiaires-des-minimas-sociaux'] }),
  ];
  const { fits, setAside } = fitOffers({ person: { status: 'demandeur-emploi', birth_date: '2005-01-01' }, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' });
  assert.deepEqual(setAside.map((s) => s.offer.id), ['Pour salariés']);
  assert.equal(fits[0].offer.id, 'Aide permis');
  assert.ok(fits[0].reasons.includes('Gratuit') && fits[0].checks[0].startsWith('Aide financière : droit à vérifier'));
  assert.ok(fits.find((f) => f.offer.id === 'Minimas').checks.includes('Public à vérifier avec la structure'));
});

test('ages are counted in whole years on the day', () => {
  assert.equal(ageOn('2008-12-05', '2026-12-04'), 17);
  assert.equal(ageOn('2008-12-04', '2026-12-04'), 18);
  assert.equal(ageOn(null, '2026-12-04'), null);
});

test('a person who needs adapted access: places said inaccessible are set aside, unknown ones checked', () => {
  const offers = [offer('Accessible', { adresse: '1 rue', lieu_accessible: true }), offer('Étage', { commune: 'Saint-Claude', lieu_accessible: false }),
    offer('Inconnu', { adresse: '2 rue' }), offer('À distance', {})];
  const { fits, setAside } = fitOffers({ person: { adapted_transport: true }, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' });
  assert.deepEqual(setAside.map((s) => s.offer.id), ['Étage']);
  assert.ok(fits.find((f) => f.offer.id === 'Accessible').reasons.includes('Lieu accessible'));
  assert.ok(fits.find((f) => f.offer.id === 'Inconnu').checks.includes('Accessibilité du lieu à vérifier'));
  assert.deepEqual(fits.find((f) => f.offer.id === 'À distance').checks, []);
  // Without the need, nothing changes.
  assert.equal(fitOffers({ person: {}, answers: NEEDS_LICENCE, offers, territory, today: '2026-12-04' }).setAside.length, 0);
});

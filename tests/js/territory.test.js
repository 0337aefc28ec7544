// The app's territory module on the real data file: same codes and zone rule as the server.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Territory, nameKey, isZoneCode, communeLabel, loadTerritory } from '../../pwa/js/territory.js';
import { filterOffers } from '../../pwa/js/catalogue.js';

const data = JSON.parse(readFileSync(new URL('../../pwa/data/territory.json', import.meta.url)));
const land = new Territory(data);
const HJSC = '200026573';

test('known communes by code and by name, however typed', () => {
  assert.equal(land.commune('39478').nom, 'Saint-Claude');
  assert.equal(land.commune('01283').nom, 'Oyonnax');
  assert.equal(land.commune('39300').nom, 'Lons-le-Saunier');
  assert.equal(land.resolve({ name: 'lavans les st claude' }).code, '39286');
  assert.equal(land.resolve({ name: 'Morez' }).nom, 'Hauts de Bienne'); // a former commune
  assert.equal(land.resolve({ name: 'chez sa tante' }), null);
  assert.equal(nameKey('Ste-Croix’s  Lac'), 'sainte croix s lac');
  assert.equal(data.source.cog, 2026);
});

test('the community of Saint-Claude has its 22 members, Longchaumois is not one', () => {
  const members = [...land.communes.values()].filter((c) => c.epci === HJSC).map((c) => c.nom);
  assert.equal(members.length, 22);
  assert.ok(members.includes('Lavans-lès-Saint-Claude'));
  assert.ok(!members.includes('Longchaumois'));
});

test('search proposes names that start with the words first, homonyms told apart', () => {
  const found = land.search('saint cl');
  assert.equal(found[0].nom, 'Saint-Claude');
  assert.ok(land.search('lavans').some((c) => c.code === '39286'));
  assert.deepEqual(land.search(''), []);
  assert.ok(land.search('e', 20).length === 20);
  const twins = [...land.byName.entries()].find(([, codes]) => codes.size > 1);
  assert.ok(twins, 'the territory has homonyms');
  const labels = land.named(twins[0]).map(communeLabel);
  assert.equal(new Set(labels).size, labels.length, `${labels} are told apart`);
});

test('zones: commune codes (former ones too), EPCI, département, france; free words open', () => {
  const lavans = land.commune('39286');
  const oyonnax = land.commune('01283');
  assert.ok(land.covers([HJSC], lavans));
  assert.ok(!land.covers([HJSC], oyonnax));
  assert.ok(land.covers(['01'], oyonnax) && !land.covers(['01'], lavans));
  assert.ok(land.covers(['39368'], land.commune('39368')));
  assert.ok(land.covers(['france'], oyonnax) && land.covers([], oyonnax) && land.covers(['Haut-Jura'], oyonnax));
  assert.ok(!land.covers(['39478'], null));
  assert.deepEqual(['39478', '200026573', '2A', '974', 'Jura', 39, '3947'].map(isZoneCode),
    [true, true, true, true, false, false, false]);
});

test('the catalogue keeps the offers open to the person\'s commune', () => {
  const offers = [
    { id: 1, nom: 'Vélos', code_insee: '39478', zone_eligibilite: ['39478'] },
    { id: 2, nom: 'Permis', code_insee: '39368', zone_eligibilite: [HJSC] },
    { id: 3, nom: 'Garage', zone_eligibilite: ['01'] },
    { id: 4, nom: 'Atelier', zone_eligibilite: ['Haut-Jura'] },
  ];
  const names = (commune) => filterOffers(offers, { commune }, land).map((o) => o.nom);
  assert.deepEqual(names('39478'), ['Vélos', 'Atelier', 'Permis']); // its own commune first
  assert.deepEqual(names('39286'), ['Atelier', 'Permis']);
  assert.deepEqual(names('39297'), ['Atelier']); // Longchaumois: not in the EPCI
  assert.deepEqual(names('39368'), ['Permis', 'Atelier']); // the offer's own commune
  assert.deepEqual(names('01283'), ['Atelier', 'Garage']);
  assert.deepEqual(names(''), ['Atelier', 'Garage', 'Permis', 'Vélos']);
});

test('the file is fetched once per page, and again after a failure', async () => {
  let calls = 0;
  const failing = async () => { calls += 1; return { ok: false, status: 504 }; };
  await assert.rejects(loadTerritory(failing), /504/);
  const working = async () => { calls += 1; return { ok: true, json: async () => data }; };
  const first = await loadTerritory(working);
  const second = await loadTerritory(working);
  assert.equal(first, second);
  assert.equal(calls, 2);
});

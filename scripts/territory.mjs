#!/usr/bin/env node
// scripts/territory.mjs: write pwa/data/territory.json, the territory's official reference data.
//
// Usage: node scripts/territory.mjs [output file]
//
// Communes (INSEE code, name, postal codes, EPCI), their EPCI and départements, taken from the
// npm package @etalab/decoupage-administratif (INSEE's Code officiel géographique, the DGCL's
// EPCI list, La Poste's postal codes; Licence Ouverte). The server and the web app both read
// the file this writes: refresh it by bumping the package in package.json, adding its COG year
// to COG_YEARS below, running `node scripts/territory.mjs` and committing the result
// (docs/reference-data.md).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = '@etalab/decoupage-administratif';
const DATA = path.join(ROOT, 'node_modules', PACKAGE, 'data');
// The package's README maps each version to the COG year it carries.
const COG_YEARS = { '6.0.0': 2026 };
// Jura and Ain (the service's area: Saint-Claude, Oyonnax), the départements around them where
// young people go to train and work: Doubs (Besançon, Pontarlier), Saône-et-Loire (Louhans,
// Mâcon), Haute-Savoie (Annecy, the Genevois), and the Rhône for Lyon.
export const DEPARTEMENTS = ['01', '25', '39', '69', '71', '74'];
const OUT = process.argv[2] || path.join(ROOT, 'pwa', 'data', 'territory.json');

const read = (name) => JSON.parse(readFileSync(path.join(DATA, name), 'utf8'));
const byName = (a, b) => a.nom.localeCompare(b.nom, 'fr') || a.code.localeCompare(b.code);

function build() {
  const { version } = JSON.parse(readFileSync(path.join(DATA, '..', 'package.json'), 'utf8'));
  const cog = COG_YEARS[version];
  if (!cog) throw new Error(`${PACKAGE} ${version}: add its COG year to COG_YEARS (see its README)`);
  const inArea = (c) => DEPARTEMENTS.includes(c.departement);
  const all = read('communes.json');
  const epciOf = new Map();
  const epci = [];
  for (const e of read('epci.json')) {
    const members = e.membres.map((m) => m.code);
    if (!all.some((c) => inArea(c) && c.type === 'commune-actuelle' && members.includes(c.code))) continue;
    for (const code of members) epciOf.set(code, e.code);
    epci.push({ code: e.code, nom: e.nom });
  }
  const communes = all.filter((c) => inArea(c) && c.type === 'commune-actuelle').map((c) => ({
    code: c.code, nom: c.nom, cp: c.codesPostaux || [], epci: epciOf.get(c.code) || null,
  }));
  const current = new Set(communes.map((c) => c.code));
  // Delegated and associated communes: names people still give, leading to today's commune.
  const anciennes = all.filter((c) => inArea(c) && ['commune-deleguee', 'commune-associee'].includes(c.type)
    && current.has(c.chefLieu)).map((c) => ({ code: c.code, nom: c.nom, commune: c.chefLieu }));
  const departements = read('departements.json').filter((d) => DEPARTEMENTS.includes(d.code))
    .map((d) => ({ code: d.code, nom: d.nom }));
  return {
    source: {
      package: PACKAGE, version, cog, licence: 'Licence Ouverte 2.0',
      producteurs: "INSEE (Code officiel géographique), DGCL (EPCI), La Poste (codes postaux)",
      departements: DEPARTEMENTS,
    },
    departements: departements.sort((a, b) => a.code.localeCompare(b.code)),
    epci: epci.sort(byName),
    communes: communes.sort(byName),
    anciennes: anciennes.sort(byName),
  };
}

const territory = build();
mkdirSync(path.dirname(OUT), { recursive: true });
// One commune a line: a refresh's diff reads commune by commune.
const lines = (rows) => rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
writeFileSync(OUT, `{
  "source": ${JSON.stringify(territory.source)},
  "departements": [\n${lines(territory.departements)}\n  ],
  "epci": [\n${lines(territory.epci)}\n  ],
  "communes": [\n${lines(territory.communes)}\n  ],
  "anciennes": [\n${lines(territory.anciennes)}\n  ]
}
`);
console.log(`${path.relative(ROOT, OUT)}: COG ${territory.source.cog}, ${territory.communes.length} communes, `
  + `${territory.epci.length} EPCI, ${territory.anciennes.length} former communes`);

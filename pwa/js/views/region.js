// « Chiffres de la région » (the region role): the headline key figures of each structure the
// account reads, side by side and summed, for a year (GET /api/region/key-figures). Counts
// only, never a name; the last ones fetched are kept sealed on the device for offline reading.
import { h, replace, field, localDay, fmtShortDate, fmtTime } from '../ui.js';
import { yearPeriod, createFiguresCache, loadFigures, sealedStorage } from '../reports.js';
import { OUTCOMES, say } from '../report-labels.js';
import { dataTable } from './dashboard-figures.js';

const YEARS = 6; // this year and the five before
const PATH = '/api/region/key-figures';

const sum = (list, key) => (list || []).reduce((n, r) => n + (r[key] || 0), 0);
const target = (kf, key) => { const t = (kf.targets || []).find((x) => x.key === key); return t ? t.value : null; };
const outcomes = (kf) => Object.values(kf.outcomes || {}).reduce((n, v) => n + v, 0);

// The headline figures, as the dashboard names them (docs/key-figures.md).
export const HEADLINES = [
  ['Personnes accompagnées', (kf) => kf.profile.total],
  ['dont jeunes (25 ans ou moins)', (kf) => kf.profile.young],
  ['Participations aux actions', (kf) => sum(kf.actions, 'participations')],
  ['Jeunes orientés par les partenaires', (kf) => target(kf, 'referred')],
  ['Jeunes mobilisés sur les actions', (kf) => target(kf, 'mobilised')],
  ['Contacts informés ou orientés', (kf) => target(kf, 'contacts')],
  ['Orientations reçues des partenaires', (kf) => sum(kf.partners, 'sent')],
  ['Sorties et progrès', outcomes],
  ['Professionnels formés au diagnostic', (kf) => target(kf, 'trained')],
];

const TOTAL = 'Total des structures';
const nameOf = (s) => s.name || 'Structure sans nom';

// Pure: the rows of the side-by-side table, one per structure and the total last.
export function headlineRows(answer) {
  const rows = answer.structures.map((s) => [nameOf(s), ...HEADLINES.map(([, of]) => of(s.figures))]);
  if (answer.total) rows.push([TOTAL, ...HEADLINES.map(([, of]) => of(answer.total))]);
  return rows;
}

// Pure: outcomes by kind (rows) for each structure and the total (columns).
export function outcomeRows(answer) {
  const kinds = new Set();
  for (const s of answer.structures) for (const k of Object.keys(s.figures.outcomes || {})) kinds.add(k);
  return [...kinds].map((k) => [say(OUTCOMES, k), ...answer.structures.map((s) => (s.figures.outcomes || {})[k] || 0),
    ...(answer.total ? [(answer.total.outcomes || {})[k] || 0] : [])]);
}

// The year asked in the route (?annee=), this year by default; `error` when it was not one offered.
export function yearFrom(query, today) {
  const current = Number(today.slice(0, 4));
  const years = Array.from({ length: YEARS }, (_, i) => current - i);
  const asked = query.get('annee');
  if (asked === null) return { year: current, years, error: null };
  const year = Number(asked);
  return years.includes(year) && /^\d{4}$/.test(asked) ? { year, years, error: null } : { year: current, years, error: 'Cette année n\'est pas proposée : voici l\'année en cours.' };
}

function yearChooser(chosen) {
  const form = h('form', { class: 'period', id: 'annee' },
    h('div', { class: 'period-fields' },
      field({ label: 'Année', name: 'annee', options: chosen.years.map((y) => [y, String(y)]), value: chosen.year }),
      h('button', { type: 'submit' }, 'Afficher')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/region?annee=${form.elements.annee.value}`;
  });
  return form;
}

const when = (iso) => `${fmtShortDate(iso)} à ${fmtTime(iso)}`;

function tables(result, year) {
  const answer = result.data;
  const shown = Number(result.period.from.slice(0, 4));
  const banner = result.stale
    ? h('p', { class: 'notice', id: 'fraicheur' }, `Chiffres de ${shown} du ${when(result.fetchedAt)} (${result.offline ? 'hors ligne' : 'derniers chargés'}).${shown !== year ? ` Ceux de ${year} n'ont pas encore été chargés sur cet appareil.` : ''}`)
    : h('p', { class: 'lead', id: 'fraicheur' }, `Chiffres de l'année ${shown}, à jour du ${when(result.fetchedAt)}.`);
  if (!answer.structures.length) return [banner, h('p', { class: 'empty' }, 'Aucune structure n\'est rattachée à ce compte pour la lecture régionale.')];
  const names = answer.structures.map(nameOf);
  return [banner,
    result.error ? h('p', { class: 'error' }, `Le serveur n'a pas pu donner les chiffres : ${result.error}`) : null,
    h('section', { 'aria-labelledby': 'h-cles' }, h('h2', { id: 'h-cles' }, 'Chiffres clés par structure'),
      dataTable('t-region', `Chiffres clés ${shown} par structure, et leur total`, ['Structure', ...HEADLINES.map(([label]) => label)], headlineRows(answer))),
    h('section', { 'aria-labelledby': 'h-sorties' }, h('h2', { id: 'h-sorties' }, 'Sorties et progrès'),
      dataTable('t-region-sorties', `Sorties et progrès ${shown} (personnes) par structure`, ['Sortie ou progrès', ...names, ...(answer.total ? [TOTAL] : [])], outcomeRows(answer), 'Aucune sortie enregistrée sur l\'année.')),
    h('p', { class: 'hint' }, 'Une personne suivie par deux structures compte dans chacune ; le total additionne les structures.')];
}

async function fill(ctx, box, year) {
  const user = ctx.auth.user();
  const cache = createFiguresCache(await sealedStorage(ctx.db), `region-${user && user.id}`);
  const result = await loadFigures(ctx.api, cache, yearPeriod(year), undefined, PATH);
  if (!result.data) {
    replace(box, h('p', { class: result.offline ? 'notice' : 'error', id: 'fraicheur' }, result.offline
      ? 'Pas de connexion, et aucun chiffre n\'a encore été chargé sur cet appareil. Ils s\'afficheront dès le retour du réseau.'
      : `Les chiffres n'ont pas pu être chargés : ${result.error}. Réessayez dans un moment.`));
  } else {
    replace(box, tables(result, year));
    box.dataset.loaded = result.stale ? 'kept' : 'fresh';
  }
  box.setAttribute('aria-busy', 'false');
}

export async function region(ctx, params, { query }) {
  const chosen = yearFrom(query, localDay());
  const box = h('div', { id: 'chiffres', 'aria-busy': 'true' }, h('p', {}, 'Chargement des chiffres…'));
  fill(ctx, box, chosen.year).catch(() => replace(box, h('p', { class: 'error' }, 'Les chiffres n\'ont pas pu s\'afficher sur cet appareil.')));
  return [
    h('h1', {}, 'Chiffres de la région'),
    h('p', {}, 'Les chiffres clés de chaque structure, côte à côte, et leur total. Des nombres seulement : aucun dossier, aucun nom.'),
    yearChooser(chosen),
    chosen.error ? h('p', { class: 'error', role: 'alert' }, chosen.error) : null,
    box,
  ];
}

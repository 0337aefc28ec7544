// The key figures as sections: each chart beside its real HTML table (the tables are the
// accessible source of truth; the bar and trend charts are decorative, the gauges labelled).
import { h } from '../ui.js';
import { gauge, barChart, trendChart } from '../charts.js';
import { ACTIONS, AGE_BANDS, SEX, STATUS, YES_NO, BARRIERS, OUTCOMES, REFUSALS, say } from '../report-labels.js';

const nf = new Intl.NumberFormat('fr-FR');
const num = (n) => (n === null || n === undefined ? '—' : nf.format(n + 0)); // + 0: no « -0 »
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
export const monthLabel = (ym) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

// A table with a caption; the first cell of each row heads it; numbers align right.
// Wide tables scroll inside a focusable, named region (keyboard users can scroll it too).
export function dataTable(id, caption, headers, rows, empty = 'Aucune donnée sur la période.') {
  const table = h('table', { id, class: 'figures' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
    h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((c, i) => (i ? h('td', { class: 'num' }, typeof c === 'number' ? num(c) : c) : h('th', { scope: 'row' }, c)))))
      : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, empty))));
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' }, table);
}

// Charts are drawn at the width of the screen, so their text keeps its size on a phone.
const chartWidth = () => Math.round(Math.min(640, Math.max(280, (document.getElementById('main')?.clientWidth || 672) - 32)));
const legend = (items) => h('ul', { class: 'legend', 'aria-hidden': 'true' }, items.map(([key, text]) => h('li', {}, h('span', { class: `swatch sw-${key}` }), text)));

const pct = (ratio) => (ratio === null || ratio === undefined ? '—' : `${Math.round(100 * ratio)} %`);

function targets(kf) {
  return h('section', { 'aria-labelledby': 'h-objectifs' }, h('h2', { id: 'h-objectifs' }, 'Objectifs'),
    h('ul', { class: 'gauges' }, kf.targets.map((t) => h('li', { class: 'gauge-card' },
      gauge({ label: t.label, value: t.value, target: t.target }), h('p', {}, t.label)))),
    dataTable('t-objectifs', 'Objectifs : cible et réalisé', ['Objectif', 'Cible', 'Réalisé', 'Taux'],
      kf.targets.map((t) => [t.label, t.target, t.value, pct(t.ratio)])));
}

const SPLIT = ['Participations', 'dont sans inscription', 'Personnes', 'Jeunes', 'Adultes', 'Âge inconnu'];
const splitRow = (label, r) => [label, r.participations, r.anonymous, r.distinct, r.young, r.adults, r.unknown_age];

function actions(kf) {
  const series = kf.actions.map((r) => ({ label: say(ACTIONS, r.action), bars: [
    { name: 'participations', segments: [{ key: 'participations', value: r.participations }] },
    { name: 'personnes', segments: [{ key: 'young', value: r.young }, { key: 'adults', value: r.adults }, { key: 'unknown', value: r.unknown_age }] },
  ] }));
  return h('section', { 'aria-labelledby': 'h-actions' }, h('h2', { id: 'h-actions' }, 'Participations par action'),
    kf.actions.length ? h('figure', { class: 'chart' }, legend([['participations', 'Participations'], ['young', 'Jeunes'], ['adults', 'Adultes'], ['unknown', 'Âge inconnu']]), barChart(series, { width: chartWidth() })) : null,
    dataTable('t-actions', 'Participations et personnes par action', ['Action', ...SPLIT], kf.actions.map((r) => splitRow(say(ACTIONS, r.action), r))));
}

function trend(kf) {
  const months = kf.trend.map((m) => m.month);
  return h('section', { 'aria-labelledby': 'h-mois' }, h('h2', { id: 'h-mois' }, 'Évolution par mois'),
    kf.trend.length ? h('figure', { class: 'chart' }, legend([['participations-dot', 'Participations (ronds, trait plein)'], ['contacts', 'Contacts (carrés, tirets)']]),
      trendChart(months.map(monthLabel), [{ key: 'participations', values: kf.trend.map((m) => m.participations) }, { key: 'contacts', values: kf.trend.map((m) => m.contacts) }], { width: chartWidth() })) : null,
    dataTable('t-mois', 'Participations et contacts par mois', ['Mois', 'Participations', 'Contacts'], kf.trend.map((m) => [monthLabel(m.month), m.participations, m.contacts])));
}

const counts = (map, labels) => Object.entries(map || {}).map(([k, v]) => [labels ? say(labels, k) : k, v]);

function profile(kf) {
  const p = kf.profile;
  return h('section', { 'aria-labelledby': 'h-profil' }, h('h2', { id: 'h-profil' }, 'Profil des personnes accompagnées'),
    h('p', {}, `${num(p.total)} personne(s) accompagnée(s) sur la période, dont ${num(p.young)} jeune(s) de 25 ans ou moins.`),
    h('div', { class: 'tables' },
      dataTable('t-age', 'Âge (au dernier jour de la période)', ['Tranche d\'âge', 'Personnes'], counts(p.age_bands, AGE_BANDS)),
      dataTable('t-sexe', 'Sexe', ['Sexe', 'Personnes'], counts(p.sex, SEX)),
      dataTable('t-communes', 'Commune', ['Commune', 'Personnes'], counts(p.communes).sort((a, b) => b[1] - a[1])),
      dataTable('t-qpv', 'Résidence en quartier prioritaire (QPV)', ['QPV', 'Personnes'], counts(p.qpv, YES_NO)),
      dataTable('t-frr', 'Résidence en commune France Ruralités Revitalisation (FRR)', ['FRR', 'Personnes'], counts(p.frr, YES_NO)),
      dataTable('t-adapte', 'Besoin d\'un transport adapté ou d\'un accès sans marche', ['Besoin', 'Personnes'], counts(p.adapted_transport || {}, YES_NO)),
      dataTable('t-situation', 'Situation', ['Situation', 'Personnes'], counts(p.status, STATUS))));
}

function barriersAndOutcomes(kf) {
  const { identified, lifted } = kf.barriers;
  return [
    h('section', { 'aria-labelledby': 'h-freins' }, h('h2', { id: 'h-freins' }, 'Freins repérés et levés'),
      dataTable('t-freins', 'Freins repérés dans les diagnostics, et levés depuis', ['Frein', 'Repérés', 'Levés'],
        Object.entries(identified || {}).map(([k, v]) => [say(BARRIERS, k), v, (lifted || {})[k] || 0]))),
    h('section', { 'aria-labelledby': 'h-sorties' }, h('h2', { id: 'h-sorties' }, 'Sorties et progrès'),
      dataTable('t-sorties', 'Sorties et progrès sur la période', ['Sortie', 'Personnes'], counts(kf.outcomes, OUTCOMES))),
  ];
}

function places(kf) {
  return h('section', { 'aria-labelledby': 'h-lieux' }, h('h2', { id: 'h-lieux' }, 'Participations par lieu'),
    dataTable('t-lieux', 'Participations et personnes par lieu', ['Lieu', ...SPLIT], kf.places.map((r) => splitRow(r.place, r))));
}

function partners(kf) {
  return h('section', { 'aria-labelledby': 'h-partenaires' }, h('h2', { id: 'h-partenaires' }, 'Orientations par partenaire'),
    dataTable('t-partenaires', 'Orientations reçues de chaque partenaire', ['Partenaire', 'Envoyées', 'Validées', 'Refusées', 'Expirées', 'En attente', 'Délai médian de réponse (jours)'],
      kf.partners.map((p) => [p.partner, p.sent, p.validated, p.refused, p.expired, p.open, p.median_response_days === null ? '—' : num(p.median_response_days)])),
    dataTable('t-refus', 'Motifs de refus par partenaire', ['Partenaire : motif', 'Orientations refusées'],
      kf.partners.flatMap((p) => Object.entries(p.refusal_reasons || {}).map(([code, n]) => [`${p.partner} : ${say(REFUSALS, code)}`, n])), 'Aucun refus sur la période.'));
}

// What the diagnostics say that no offer answers, for the transport authorities (no names).
function unmet(kf) {
  const u = kf.unmet;
  if (!u) return null; // figures kept from an older server
  const served = (s) => (s === true ? 'Oui' : s === false ? 'Non' : '—');
  return h('section', { 'aria-labelledby': 'h-besoins' }, h('h2', { id: 'h-besoins' }, 'Besoins non couverts'),
    h('p', {}, `D'après le dernier diagnostic de ${num(u.people)} personne(s) sur la période : ${num(u.atypical_hours)} doivent se déplacer à des horaires décalés, ${num(u.gave_up)} ont déjà renoncé à quelque chose faute de transport.`),
    dataTable('t-destinations', 'Lieux à rejoindre cités, et s\'ils sont desservis par une offre de transport', ['Commune', 'Personnes', 'Desservie'],
      u.destinations.map((d) => [d.commune, d.people, served(d.served)]), 'Aucun lieu cité sur la période.'),
    dataTable('t-residences', 'Communes de résidence sans offre de transport', ['Commune', 'Personnes'],
      u.residences_unserved.map((r) => [r.commune, r.people]), 'Toutes les communes de résidence ont une offre de transport.'));
}

// Every section of the key figures, in the order of the yearly review.
export function figureSections(kf) {
  return [targets(kf), actions(kf), trend(kf), places(kf), profile(kf), ...barriersAndOutcomes(kf), partners(kf), unmet(kf)];
}

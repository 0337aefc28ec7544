// Coordination: « Journal des accès ». Who read, changed, exported or erased a person's file,
// filtered by person, account, kind and days, newest first, page by page; the same as CSV.
// Read from the server (GET /api/audit): it needs the network, and reading it is logged too.
import { h, replace, field, announce, emptyState, fmtDateTime, fullName } from '../ui.js';
import { NetworkError } from '../api.js';
import { ROLES } from '../labels.js';
import { fieldOf, tableLabel } from '../values.js';
import { fetchFile, handOver, downloadError } from '../download.js';

const PAGE = 50;
export const KINDS = { view: 'Fiche ouverte', change: 'Modification', read: 'Lecture au serveur', export: 'Export', erase: 'Effacement', anonymise: 'Anonymisation' };

// The query string of the filters the form holds (empty ones left out).
export function auditQuery(values, extra = {}) {
  const query = new URLSearchParams();
  for (const name of ['person', 'user', 'kind', 'from', 'to']) if (values[name]) query.set(name, values[name]);
  for (const [name, value] of Object.entries(extra)) query.set(name, String(value));
  return query.toString();
}

// What an event says, in words: field names become their labels.
export function eventDetail(event) {
  const detail = event.detail || '';
  if (!detail || !event.table || /[: ]/.test(detail)) return detail;
  return detail.split(',').map((name) => fieldOf(event.table, name).label).join(', ');
}

async function people(ctx) {
  const rows = await ctx.db.rows('beneficiaries').catch(() => []);
  return new Map(rows.map((p) => [p.id, fullName(p)]));
}

function filters(accounts, names) {
  const sortedPeople = [...names].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  return h('form', { class: 'form filters', id: 'journal-filtres' },
    field({ label: 'Personne', name: 'person', options: [['', 'Toutes'], ...sortedPeople] }),
    field({ label: 'Compte', name: 'user', options: [['', 'Tous'], ...accounts.map((a) => [a.id, `${a.name || a.email} (${ROLES[a.role] || a.role})`])] }),
    field({ label: 'Type d\'accès', name: 'kind', options: [['', 'Tous'], ...Object.entries(KINDS)] }),
    field({ label: 'Du', name: 'from', type: 'date' }),
    field({ label: 'Au', name: 'to', type: 'date' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, 'Afficher'),
      h('button', { type: 'button', class: 'secondary', 'data-csv': '' }, 'Télécharger (CSV)')));
}

function eventRow(event, names) {
  const who = event.row_id ? (names.get(event.row_id) || 'Fiche absente de cet appareil') : '—';
  return h('tr', {},
    h('td', {}, fmtDateTime(event.at)),
    h('td', {}, event.user_name || 'Système'),
    h('td', {}, KINDS[event.action] || event.action),
    h('td', {}, who),
    h('td', {}, event.table ? tableLabel(event.table) : '—'),
    h('td', {}, eventDetail(event)));
}

export async function journal(ctx) {
  const names = await people(ctx);
  const accounts = await ctx.api.get('/api/users').then((r) => r.items || []).catch(() => []);
  const form = filters(accounts, names);
  const body = h('tbody');
  const table = h('table', {}, h('caption', {}, 'Accès aux fiches, du plus récent au plus ancien'),
    h('thead', {}, h('tr', {}, ['Quand', 'Qui', 'Quoi', 'Fiche', 'Partie', 'Détail'].map((t) => h('th', { scope: 'col' }, t)))), body);
  const box = h('div', { class: 'table-wrap', id: 'journal', tabindex: '0', role: 'region', 'aria-label': 'Journal des accès' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Voir les accès plus anciens');
  const state = h('p', { role: 'status' });
  let shown = [];

  const values = () => Object.fromEntries(new FormData(form));
  async function load(append) {
    const before = append && shown.length ? { before: shown[shown.length - 1].id } : {};
    try {
      const page = await ctx.api.get(`/api/audit?${auditQuery(values(), { order: 'recent', limit: PAGE, ...before })}`);
      shown = append ? [...shown, ...page] : page;
      replace(body, shown.map((e) => eventRow(e, names)));
      replace(box, shown.length ? table : emptyState('Aucun accès ne correspond à ces filtres.'));
      more.hidden = page.length < PAGE;
      state.textContent = `${shown.length} accès affiché(s).`;
    } catch (err) {
      replace(box, h('p', { class: 'error' }, err instanceof NetworkError ? 'Le journal se lit avec une connexion. Réessayez une fois connecté·e.' : `Erreur : ${err.message}`));
      more.hidden = true;
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); load(false); });
  more.addEventListener('click', () => load(true));
  form.querySelector('[data-csv]').addEventListener('click', async () => {
    try {
      const { blob, name } = await fetchFile(ctx.auth, `/api/audit.csv?${auditQuery(values())}`, 'journal.csv');
      handOver(blob, name);
      announce('Journal téléchargé.', 'ok');
    } catch (err) {
      announce(downloadError(err), 'error');
    }
  });
  await load(false);
  return [h('h1', {}, 'Journal des accès'),
    h('p', {}, 'Qui a ouvert, modifié, exporté ou effacé une fiche. Le journal garde les noms des champs, jamais leur contenu.'),
    form, state, box, more];
}

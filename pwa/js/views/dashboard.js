// Coordination dashboard ("Tableau de bord"): a period, the key figures of the server (the
// last ones kept on the device when offline, never a blank screen), targets and downloads.
import { h, replace, field, localDay, fmtShortDate, fmtTime } from '../ui.js';
import { periodFrom, quickPeriods, createFiguresCache, loadFigures, sealedStorage } from '../reports.js';
import { figureSections } from './dashboard-figures.js';
import { targetsForm } from './targets-form.js';
import { reviewForm } from './review-form.js';
import { downloadsPanel } from './downloads.js';

const route = ({ from, to }) => `#/bureau?du=${from}&au=${to}`;

function periodChooser(period, today) {
  const form = h('form', { class: 'period', id: 'periode' },
    h('fieldset', {}, h('legend', {}, 'Période'),
      h('div', { class: 'period-fields' },
        field({ label: 'Du', name: 'du', type: 'date', value: period.from, required: true }),
        field({ label: 'Au', name: 'au', type: 'date', value: period.to, required: true }),
        h('button', { type: 'submit' }, 'Afficher')),
      h('div', { class: 'actions quick' }, quickPeriods(today).map(([id, text, p]) => h('button', {
        type: 'button', class: 'secondary', 'data-periode': id,
        'aria-pressed': p.from === period.from && p.to === period.to ? 'true' : 'false',
        on: { click: () => { location.hash = route(p); } },
      }, text)))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = route({ from: form.elements.du.value, to: form.elements.au.value });
  });
  return form;
}

const when = (iso) => `${fmtShortDate(iso)} à ${fmtTime(iso)}`;

// What the figures shown are: their period, and how fresh they are.
function banner(result, asked) {
  const { period, fetchedAt, stale, offline, error } = result;
  const span = `du ${fmtShortDate(period.from)} au ${fmtShortDate(period.to)}`;
  const out = [];
  if (stale) {
    out.push(h('p', { class: 'notice', id: 'fraicheur' }, `Chiffres du ${when(fetchedAt)} (${offline ? 'hors ligne' : 'derniers chargés'}), période ${span}.`));
    if (period.from !== asked.from || period.to !== asked.to) out.push(h('p', { class: 'notice' }, 'Les chiffres de la période demandée n\'ont pas encore été chargés sur cet appareil : voici les derniers chargés.'));
  } else out.push(h('p', { class: 'lead', id: 'fraicheur' }, `Chiffres ${span}, à jour du ${when(fetchedAt)}.`));
  if (error) out.push(h('p', { class: 'error' }, `Le serveur n'a pas pu donner les chiffres : ${error}`));
  return out;
}

async function fill(ctx, box, period) {
  const cache = createFiguresCache(await sealedStorage(ctx.db), ctx.auth.user() && ctx.auth.user().id);
  const result = await loadFigures(ctx.api, cache, period);
  if (!result.data) {
    replace(box, h('p', { class: result.offline ? 'notice' : 'error', id: 'fraicheur' }, result.offline
      ? 'Pas de connexion, et aucun chiffre n\'a encore été chargé sur cet appareil. Ils s\'afficheront dès le retour du réseau.'
      : `Les chiffres n'ont pas pu être chargés : ${result.error}. Réessayez dans un moment.`));
    box.setAttribute('aria-busy', 'false');
    return;
  }
  const kf = result.data;
  const year = Number(result.period.from.slice(0, 4));
  replace(box, banner(result, period),
    ctx.auth.role() === 'coordinator' ? targetsForm(ctx, year, kf.targets, () => ctx.router.render()) : null,
    ctx.auth.role() === 'coordinator' ? reviewForm(ctx, year) : null,
    figureSections(kf));
  box.setAttribute('aria-busy', 'false');
  box.dataset.loaded = result.stale ? 'kept' : 'fresh';
}

export async function dashboard(ctx, params, { query }) {
  const today = localDay();
  const period = periodFrom(query, today);
  const box = h('div', { id: 'chiffres', 'aria-busy': 'true' }, h('p', {}, 'Chargement des chiffres…'));
  fill(ctx, box, period).catch(() => replace(box, h('p', { class: 'error' }, 'Les chiffres n\'ont pas pu s\'afficher sur cet appareil.')));
  return [
    h('h1', {}, 'Tableau de bord'),
    h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: '#/bureau/a-revoir' }, 'Catalogue à revérifier'), h('a', { class: 'button secondary', href: '#/bureau/formations' }, 'Formations au diagnostic')),
    periodChooser(period, today),
    period.error ? h('p', { class: 'error', role: 'alert' }, `${period.error} Voici l'année en cours.`) : null,
    box,
    downloadsPanel(ctx, period),
  ];
}

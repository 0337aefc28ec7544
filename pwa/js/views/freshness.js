// Coordination: offers and partners to check again ("À revérifier"), from the rows synced to
// this device. "Vérifié aujourd'hui" is an ordinary offline edit (row + outbox).
import { h, replace, emptyState, localDay, fmtShortDate, announce, nextId } from '../ui.js';
import { dueItems, overdueText, FREQUENCIES, DEFAULT_CHECK_DAYS } from '../freshness.js';

const KIND = { offers: 'Offre', partners: 'Partenaire' };
const EDIT = { offers: 'offre', partners: 'partenaire' };

export async function freshness(ctx) {
  const list = h('ul', { class: 'cards', id: 'a-revoir' });
  const count = h('p', { class: 'lead', id: 'a-revoir-total' });

  async function draw(focusIndex = null) {
    const [offers, partners] = await Promise.all([ctx.db.getAll('offers'), ctx.db.getAll('partners')]);
    const items = dueItems({ offers, partners }, localDay());
    count.textContent = items.length ? `${items.length} fiche(s) à revérifier, les plus en retard d'abord.` : '';
    replace(list, items.length ? items.map((item) => card(item)) : h('li', {}, emptyState('Tout le catalogue est à jour. Rien à revérifier aujourd\'hui.')));
    if (focusIndex !== null) {
      const buttons = list.querySelectorAll('button.checked-today');
      (buttons[Math.min(focusIndex, buttons.length - 1)] || document.querySelector('main h1')).focus();
    }
  }

  async function markChecked(item, index) {
    const day = localDay();
    await ctx.save(item.table, item.row.id, { last_checked_at: day }, { baseVersion: item.row._version });
    announce(`« ${item.row.nom} » vérifié aujourd'hui.`, 'ok');
    await draw(index);
  }

  async function setFrequency(item, days) {
    await ctx.save(item.table, item.row.id, { check_every_days: days }, { baseVersion: item.row._version });
    announce(`Fréquence de vérification de « ${item.row.nom} » enregistrée.`, 'ok');
    await draw();
  }

  function card(item) {
    const { row, table } = item;
    const selectId = nextId('frequence');
    const every = row.check_every_days || DEFAULT_CHECK_DAYS;
    const known = FREQUENCIES.some(([d]) => d === every);
    const select = h('select', { id: selectId, name: 'check_every_days' },
      [...(known ? [] : [[every, `Tous les ${every} jours`]]), ...FREQUENCIES].map(([d, text]) => h('option', { value: d, selected: d === every }, text)));
    select.addEventListener('change', () => setFrequency(item, Number(select.value)));
    const index = () => [...list.children].indexOf(li);
    const li = h('li', { class: 'card', 'data-id': row.id, 'data-table': table },
      h('h2', {}, `${KIND[table]} : ${row.nom || 'Sans nom'}`),
      h('p', {}, h('strong', { class: 'overdue' }, overdueText(item)),
        row.last_checked_at ? ` · dernière vérification le ${fmtShortDate(row.last_checked_at)}` : ''),
      h('div', { class: 'field inline' }, h('label', { for: selectId }, 'Fréquence de vérification'), select),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'checked-today', on: { click: () => markChecked(item, index()) } }, `Vérifié aujourd'hui`, h('span', { class: 'visually-hidden' }, ` : ${row.nom || ''}`)),
        h('a', { class: 'button secondary', href: `#/bureau/${EDIT[table]}/${row.id}` }, 'Modifier', h('span', { class: 'visually-hidden' }, ` ${row.nom || ''}`))));
    return li;
  }

  await draw();
  return [h('h1', {}, 'À revérifier'),
    h('p', {}, 'Les offres et partenaires jamais vérifiés, ou dont la date de vérification est passée. Fonctionne sans réseau : les vérifications partent à la prochaine synchronisation.'),
    count, list];
}

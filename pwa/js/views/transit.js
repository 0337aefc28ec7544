// « Comment y aller » (youth space, lazy): from the young person's commune or a stop to an
// offer's place, offline, with the timetable the service worker keeps (search in a worker).
import { h, replace, field, emptyState, backLink, localDay, fmtDate } from '../ui.js';
import { catalogueData } from '../public-data.js';
import { loadTimetable, findStops, plan } from '../transit/client.js';

const MODES = { bus: 'Bus', tad: 'Transport à la demande', train: 'Train', tram: 'Tram', metro: 'Métro' };

// 450 -> "7 h 30"; past midnight says it is the next day.
export function clock(minutes) {
  const day = Math.floor(minutes / 1440);
  const m = minutes - day * 1440;
  const text = `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;
  return day > 0 ? `${text} (le lendemain)` : text;
}

function nowInParis() {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('hour')}:${get('minute')}`;
}

const telLink = (phone) => h('a', { class: 'button', href: `tel:${phone.replace(/[^\d+]/g, '')}` }, `Appeler le ${phone}`);

function onDemand(phone) {
  return h('p', { class: 'notice' }, h('strong', {}, 'Sur réservation. '),
    phone ? ['Il faut appeler avant de partir : ', telLink(phone)] : 'Il faut réserver avant de partir (le numéro n\'est pas indiqué).');
}

function legItem(leg) {
  if (!leg.ride) {
    const where = leg.to ? `jusqu'à l'arrêt ${leg.to}` : 'jusqu\'au lieu du rendez-vous';
    return h('li', {}, `À pied, ${leg.walk} min, ${where}.`);
  }
  return h('li', {},
    h('strong', {}, `${MODES[leg.mode] || 'Bus'} ${leg.line}`), ` direction ${leg.headsign}`, h('br'),
    `Monte à ${leg.from} à ${clock(leg.dep)}. Descends à ${leg.to} à ${clock(leg.arr)}.`,
    leg.onDemand ? onDemand(leg.phone) : null);
}

function journeyCard(j, n) {
  const changes = j.changes === 0 ? 'sans changement' : `${j.changes} changement${j.changes > 1 ? 's' : ''}`;
  return h('li', { class: 'card journey' },
    h('h3', {}, `Trajet ${n} : départ ${clock(j.dep)}, arrivée ${clock(j.arr)}`),
    h('p', {}, `${j.arr - j.dep} min, ${changes}.`),
    h('ol', { class: 'steps' }, j.legs.map(legItem)));
}

function sources(info) {
  const fictional = info.feeds.some((f) => f.fictional);
  return h('section', { class: 'sources', 'aria-labelledby': 'sources-titre' },
    h('h2', { id: 'sources-titre' }, 'D\'où viennent ces horaires ?'),
    fictional ? h('p', { class: 'notice', id: 'fictif' }, h('strong', {}, 'Attention : horaires fictifs de démonstration. '), 'Ne les utilise pas pour un vrai trajet.') : null,
    h('p', {}, `Horaires valables du ${fmtDate(info.validFrom)} au ${fmtDate(info.validTo)}. Vérifie auprès du transporteur en cas de grève, de travaux ou de neige.`),
    h('ul', {}, info.feeds.map((f) => h('li', {}, `${f.name}${f.publisher ? ` (${f.publisher})` : ''} — licence : `,
      f.licence_url ? h('a', { href: f.licence_url, target: '_blank', rel: 'noopener' }, f.licence) : f.licence,
      /odbl/i.test(f.licence) ? ' (si tu réutilises ces données, partage-les sous la même licence)' : '',
      f.valid_to ? `, données jusqu'au ${fmtDate(f.valid_to)}` : ''))));
}

export async function transitScreen(ctx, { id }, { query }) {
  const { offers, partners } = await catalogueData(ctx);
  const offer = offers.find((o) => String(o.id) === id);
  const back = backLink(`#/jeunes/offre/${encodeURIComponent(id)}`, 'Retour à l\'aide');
  if (!offer) return [back, h('h1', {}, 'Aide introuvable'), emptyState('Cette aide n\'est pas sur ce téléphone.')];
  const partner = partners.find((p) => p.id === offer.structure_id);
  const placeOf = [offer, partner].find((p) => p && p.latitude != null && p.longitude != null);
  const destination = placeOf ? { lat: placeOf.latitude, lon: placeOf.longitude } : { commune: offer.commune || (partner && partner.commune) };
  const title = h('h1', {}, `Comment aller à « ${offer.nom} »`);
  const info = await loadTimetable();
  if (!info) return [back, title, emptyState('Les horaires de bus et de train ne sont pas encore sur ce téléphone. Connecte-toi une fois à Internet, puis reviens ici.')];

  const output = h('div', { id: 'trajets', 'aria-live': 'polite' });
  const stopList = h('ul', { class: 'stop-choices', id: 'arrets' });
  let origin = null;
  const form = h('form', { class: 'form', on: { submit: (e) => { e.preventDefault(); search(); } } });
  // The official communes (data/territory.json): a name typed loosely becomes the official one.
  const { territory, communePicker, pick } = await import('../commune-picker.js').then((m) => m.communeKit());
  const asked = query.get('commune') || ''; // an INSEE code (the catalogue's filter) or a name
  const chosen = territory.commune(asked) || territory.resolve({ name: asked });
  form.append(
    communePicker({ label: 'Je pars de ma commune', name: 'commune', territory, code: chosen ? chosen.code : '', hint: 'Écris le début du nom, puis choisis ta commune dans la liste.' }),
    field({ label: 'Ou je cherche un arrêt', name: 'stop', type: 'search', placeholder: 'nom de l\'arrêt', hint: 'Écris au moins 2 lettres, puis choisis l\'arrêt.' }),
    stopList,
    field({ label: 'Le jour', name: 'date', type: 'date', value: query.get('jour') || localDay(), hint: `Horaires connus du ${fmtDate(info.validFrom)} au ${fmtDate(info.validTo)}.` }),
    field({ label: 'À partir de', name: 'time', type: 'time', value: query.get('heure') || nowInParis() }),
    h('button', { type: 'submit' }, 'Voir les bus et les trajets'));
  form.elements.commune.addEventListener('change', () => { origin = null; form.elements.stop.value = ''; replace(stopList); });
  form.elements.stop.addEventListener('input', async () => {
    const found = await findStops(form.elements.stop.value);
    replace(stopList, found.map((s) => h('li', {}, h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false', on: { click: (e) => {
      origin = { stop: s.stop, name: s.name };
      form.elements.commune.value = '';
      form.elements.commune_code.value = '';
      for (const b of stopList.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget));
    } } }, s.name))));
  });

  async function search() {
    const typed = form.elements.commune.value.trim();
    const place = form.elements.commune_code.value ? { commune: territory.commune(form.elements.commune_code.value) } : pick(territory, typed);
    if (!origin && place.problem) { replace(output, h('p', { class: 'notice', role: 'alert' }, place.problem)); return; }
    const commune = place.commune ? place.commune.nom : '';
    const date = form.elements.date.value;
    const [hh, mm] = (form.elements.time.value || '00:00').split(':').map(Number);
    if (!origin && !commune) { replace(output, h('p', { class: 'notice', role: 'alert' }, 'Choisis ta commune ou un arrêt de départ.')); return; }
    if (!date || date < info.validFrom || date > info.validTo) {
      replace(output, h('p', { class: 'notice', role: 'alert' }, `Les horaires vont du ${fmtDate(info.validFrom)} au ${fmtDate(info.validTo)}. Choisis un jour entre ces dates.`));
      return;
    }
    const from = origin ? { stop: origin.stop } : { commune };
    let result;
    try {
      result = await plan({ date, time: hh * 60 + mm, from, to: destination });
    } catch {
      replace(output, h('p', { class: 'notice', role: 'alert' }, 'La recherche n\'a pas marché. Recharge la page et réessaie.'));
      return;
    }
    output.dataset.ms = result.ms.toFixed(1);
    if (!result.fromStops.length) { replace(output, h('p', { class: 'notice', role: 'alert' }, `Aucun arrêt de bus trouvé à ${commune}. Cherche un arrêt par son nom.`)); return; }
    replace(output,
      h('h2', {}, `Prochains départs (${result.fromStops.slice(0, 2).join(', ')}${result.fromStops.length > 2 ? '…' : ''})`),
      result.departures.length ? h('ul', { class: 'list', id: 'departs' }, result.departures.map((d) => h('li', {},
        h('strong', {}, clock(d.dep)), ` ${MODES[d.mode] || 'Bus'} ${d.line} direction ${d.headsign}, arrêt ${d.stop}`,
        d.onDemand ? onDemand(d.phone) : null))) : emptyState('Plus de départ ce jour-là depuis cet arrêt.'),
      h('h2', {}, 'Trajets pour y aller'),
      result.journeys.length ? h('ol', { class: 'cards', id: 'journeys' }, result.journeys.map((j, i) => journeyCard(j, i + 1)))
        : emptyState(result.toStops ? 'Pas de trajet avec 2 changements au plus ce jour-là. Essaie un autre jour ou une autre heure, ou demande à la référente mobilité.' : 'Aucun arrêt de bus près de ce lieu.'));
  }

  if (chosen) setTimeout(search, 0);
  return [back, title,
    h('p', { class: 'lead' }, 'Ça marche aussi sans Internet. Choisis d\'où tu pars et quand.'),
    form, output, sources(info)];
}

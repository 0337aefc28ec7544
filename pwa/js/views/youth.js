// Youth space: the catalogue (by need, commune, free only, words), an offer, favourites.
import { h, replace, field, emptyState, backLink, normalize } from '../ui.js';
import { NEEDS, THEMATIQUES, OFFER_TYPES, label } from '../labels.js';
import { filterOffers, telHref, mailHref, mapHref } from '../catalogue.js';
import { catalogueData } from '../public-data.js';
import { safeHref } from '../links.js';

// `commune`: where the young person said they live, carried to « Comment y aller ».
function offerCard(offer, base, commune = '') {
  const text = offer.falc || offer.description || '';
  return h('li', { class: 'card' },
    h('h2', {}, h('a', { href: `${base}/offre/${encodeURIComponent(offer.id)}${commune ? `?commune=${encodeURIComponent(commune)}` : ''}` }, offer.nom)),
    h('p', { class: 'tags' },
      offer.frais === 'gratuit' ? h('span', { class: 'tag free' }, 'Gratuit') : null,
      (offer.thematiques || []).filter((t) => t !== 'mobilite').map((t) => h('span', { class: 'tag' }, label(THEMATIQUES, t))),
      offer.commune ? h('span', { class: 'tag place' }, offer.commune) : null,
      offer.lieu_accessible === true ? h('span', { class: 'tag' }, 'Lieu accessible') : null),
    text ? h('p', {}, text.length > 160 ? `${text.slice(0, 157)}…` : text) : null);
}

export async function catalogue(ctx, params, { query }) {
  const pro = location.hash.startsWith('#/catalogue');
  const base = '#/jeunes';
  const list = h('ul', { class: 'cards', id: 'offres' });
  const count = h('p', { class: 'count', role: 'status' });
  const form = h('form', { class: 'filters', role: 'search', on: { submit: (e) => e.preventDefault() } });
  const data = await catalogueData(ctx, { onUpdate: () => ctx.router.render() });
  // Without the territory (never loaded on this phone), no commune filter.
  const { territory, communePicker } = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => ({}));
  let lastKey = null;
  const redraw = () => {
    const values = {
      q: form.elements.q.value, need: form.elements.need.value,
      commune: territory ? form.elements.commune_code.value : '', free: form.elements.free.checked,
      accessible: form.elements.accessible.checked,
    };
    const key = JSON.stringify(values);
    if (key === lastKey) return; // blur fires "change" too: redrawing would eat the click
    lastKey = key;
    const found = filterOffers(data.offers, values, territory);
    count.textContent = found.length ? `${found.length} solution${found.length > 1 ? 's' : ''} trouvée${found.length > 1 ? 's' : ''}` : '';
    replace(list, found.length ? found.map((o) => offerCard(o, base, values.commune)) : h('li', {}, emptyState(data.offers.length ? 'Rien ne correspond. Essaie avec moins de critères.' : 'Le catalogue n\'est pas encore sur ce téléphone. Connecte-toi une fois à Internet.')));
  };
  form.append(
    field({ label: 'Chercher un mot', name: 'q', type: 'search', value: query.get('q') || '', placeholder: 'permis, vélo, bus…' }),
    field({ label: 'J\'ai besoin de…', name: 'need', options: [['', 'Tout voir'], ...NEEDS.map(([k, text]) => [k, text])], value: query.get('besoin') || '' }),
    ...(territory ? [communePicker({ label: 'J\'habite à…', name: 'commune', territory, code: (territory.commune(query.get('commune')) || territory.resolve({ name: query.get('commune') || '' }) || {}).code || '', hint: 'Écris le début du nom de ta commune.' })] : []),
    field({ label: 'Seulement les aides gratuites', name: 'free', type: 'checkbox', value: query.get('gratuit') === '1' }),
    field({ label: 'Seulement les lieux accessibles (fauteuil, sans marches)', name: 'accessible', type: 'checkbox', value: query.get('accessible') === '1' }),
  );
  form.addEventListener('input', redraw);
  form.addEventListener('change', redraw);
  redraw();
  return [
    h('h1', {}, pro ? 'Catalogue des offres' : 'Trouver une aide pour bouger'),
    pro ? null : h('p', { class: 'lead' }, 'Choisis ce dont tu as besoin. Tu peux aussi chercher un mot.'),
    pro ? null : h('p', {}, h('a', { href: '#/jeunes/auto-test', id: 'lien-auto-test' }, 'Tu ne sais pas par où commencer ? Fais le test « Où j\'en suis pour bouger ? »')),
    form, count, list,
  ];
}

// A place to go to: coordinates, or at least a commune (its stops are found by name).
const hasPlace = (...rows) => rows.some((r) => r && ((r.latitude != null && r.longitude != null) || r.commune));

// A button to tap only when the stored value is a safe link; nothing otherwise.
function linkButton(value, text, extra = {}) {
  const href = safeHref(value);
  return href ? h('a', { class: 'button', href, ...extra }, text) : null;
}

export async function offerDetail(ctx, { id }, { query } = {}) {
  const { offers, partners } = await catalogueData(ctx);
  const offer = offers.find((o) => String(o.id) === id);
  if (!offer) return [backLink('#/jeunes', 'Toutes les aides'), h('h1', {}, 'Aide introuvable'), emptyState('Cette aide n\'existe plus ou n\'est pas encore sur ce téléphone.')];
  const partner = partners.find((p) => p.id === offer.structure_id);
  const fav = await ctx.db.get('favourites', offer.id);
  const favButton = h('button', { type: 'button', class: 'secondary', 'aria-pressed': fav ? 'true' : 'false' }, fav ? '★ Dans mes favoris' : '☆ Garder dans mes favoris');
  favButton.addEventListener('click', async () => {
    const on = favButton.getAttribute('aria-pressed') === 'true';
    if (on) await ctx.db.delete('favourites', offer.id);
    else await ctx.db.put('favourites', { offer_id: offer.id, offer, added_at: new Date().toISOString() });
    favButton.setAttribute('aria-pressed', on ? 'false' : 'true');
    favButton.textContent = on ? '☆ Garder dans mes favoris' : '★ Dans mes favoris';
  });
  const phone = offer.telephone || (partner && partner.telephone);
  const email = offer.courriel || (partner && partner.courriel);
  const place = offer.adresse || offer.latitude != null ? offer : partner;
  const where = place ? [place.adresse, place.code_postal, place.commune].filter(Boolean).join(', ') : '';
  const rows = [
    ['C\'est quoi ?', label(OFFER_TYPES, offer.type)],
    ['Prix', offer.frais === 'gratuit' ? 'Gratuit' : [offer.frais === 'payant' ? 'Payant' : '', offer.frais_precisions].filter(Boolean).join(' : ')],
    ['Pour qui ?', [offer.publics_precisions, offer.age_min || offer.age_max ? `de ${offer.age_min ?? '?'} à ${offer.age_max ?? '?'} ans` : ''].filter(Boolean).join(' · ')],
    ['Conditions', offer.conditions_acces],
    // In words, written by the server; the OpenStreetMap syntax is never shown here.
    ['Horaires', offer.horaires_accueil ? offer.horaires_texte : partner && partner.horaires_texte],
    ['Adresse', where],
    ['Qui propose ?', partner ? partner.nom : ''],
    ['Accessibilité', offer.lieu_accessible === true ? 'Lieu accessible en fauteuil ou sans marches' : offer.lieu_accessible === false ? 'Lieu pas accessible en fauteuil' : ''],
  ].filter(([, v]) => v);
  return [
    backLink(location.hash.startsWith('#/catalogue') ? '#/catalogue' : '#/jeunes', 'Toutes les aides'),
    h('h1', {}, offer.nom),
    offer.falc ? h('p', { class: 'lead' }, offer.falc) : null,
    offer.description && offer.description !== offer.falc ? h('p', {}, offer.description) : null,
    h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('div', { class: 'actions big' },
      linkButton(telHref(phone), `Appeler ${phone || ''}`.trim()),
      linkButton(mailHref(email), 'Écrire un courriel'),
      hasPlace(offer, partner) ? h('a', { class: 'button', href: `#/jeunes/offre/${encodeURIComponent(offer.id)}/y-aller${query && query.get('commune') ? `?commune=${encodeURIComponent(query.get('commune'))}` : ''}`, id: 'y-aller' }, 'Comment y aller (bus, car, train)') : null,
      linkButton(mapHref(place), 'Voir sur une carte (Internet)', { target: '_blank', rel: 'noopener' }),
      linkButton(offer.lien_mobilisation, 'S\'inscrire en ligne', { target: '_blank', rel: 'noopener' }),
      linkButton(partner && partner.accessibilite_lieu, 'Accessibilité du lieu sur acceslibre (Internet)', { target: '_blank', rel: 'noopener', id: 'acceslibre' }),
      favButton),
    h('p', {}, 'Besoin d\'aide pour faire la démarche ? ', h('a', { href: '#/jeunes/rappel' }, 'La référente mobilité peut te rappeler.')),
  ];
}

export async function favourites(ctx) {
  const favs = (await ctx.db.getAll('favourites')).sort((a, b) => normalize(a.offer.nom).localeCompare(normalize(b.offer.nom)));
  return [
    h('h1', {}, 'Mes favoris'),
    h('p', { class: 'lead' }, 'Les aides que tu as gardées. Elles restent sur ce téléphone, même sans Internet.'),
    favs.length ? h('ul', { class: 'cards' }, favs.map((f) => offerCard(f.offer, '#/jeunes'))) : emptyState('Tu n\'as pas encore de favori. Ouvre une aide et touche « Garder dans mes favoris ».'),
  ];
}

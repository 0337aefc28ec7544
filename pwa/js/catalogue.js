// Searching the offer catalogue on the device (works offline on the stored copy).

import { NEEDS, THEMATIQUES } from './labels.js';
import { normalize } from './ui.js';

// Communes of the Communauté de Communes Haut-Jura Saint-Claude named in the context.
export const TERRITORY = ['Saint-Claude', 'Bellecombe', 'Chassal-Molinges', 'Coteaux du Lizon', 'La Pesse', 'Lajoux',
  'Les Bouchoux', 'Longchaumois', 'Septmoncel les Molunes', 'Villard-Saint-Sauveur', 'Viry'];

// Commune name -> INSEE code, learnt from the rows that carry both.
export function communeCodes(...lists) {
  const codes = new Map();
  for (const row of lists.flat()) if (row && row.commune && row.code_insee) codes.set(normalize(row.commune), String(row.code_insee));
  return codes;
}

export function communeList(...lists) {
  const byKey = new Map(TERRITORY.map((c) => [normalize(c), c]));
  for (const row of lists.flat()) if (row && row.commune && !byKey.has(normalize(row.commune))) byKey.set(normalize(row.commune), row.commune);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}

// Is the offer open to someone living in `commune`? No zone = open to all; a zone lists INSEE
// codes of communes (5 characters) or wider areas (EPCI SIREN, department) that cover everyone here.
export function openTo(offer, commune, codes = new Map()) {
  if (!commune) return true;
  const key = normalize(commune);
  if (normalize(offer.commune) === key) return true;
  const zone = offer.zone_eligibilite || [];
  if (!zone.length) return true;
  const code = codes.get(key);
  return zone.some((z) => String(z).length !== 5 || (code && String(z) === code));
}

export function haystack(offer) {
  return normalize([offer.nom, offer.description, offer.falc, offer.commune, offer.publics_precisions,
    ...(offer.thematiques || []).map((t) => THEMATIQUES[t] || '')].join(' '));
}

export function filterOffers(offers, { q = '', need = '', commune = '', free = false, accessible = false } = {}, codes = new Map()) {
  const words = normalize(q).split(/\s+/).filter(Boolean);
  const needThemes = need ? (NEEDS.find(([key]) => key === need) || [, , []])[2] : null;
  const key = normalize(commune);
  return offers
    .filter((o) => !o.deleted)
    .filter((o) => !needThemes || (o.thematiques || []).some((t) => needThemes.includes(t)))
    .filter((o) => !free || o.frais === 'gratuit')
    // Only what the offer's describer said; a partner's acceslibre link alone proves nothing.
    .filter((o) => !accessible || o.lieu_accessible === true)
    .filter((o) => openTo(o, commune, codes))
    .filter((o) => { if (!words.length) return true; const text = haystack(o); return words.every((w) => text.includes(w)); })
    .sort((a, b) => (commune ? (normalize(b.commune) === key) - (normalize(a.commune) === key) : 0)
      || String(a.nom).localeCompare(String(b.nom), 'fr'));
}

// Links of an offer: phone, e-mail, map and route (OpenStreetMap, opened by the person).
export function telHref(phone) { return phone ? `tel:${String(phone).replace(/[^\d+]/g, '')}` : null; }
export function mailHref(email) { return email ? `mailto:${email}` : null; }
export function mapHref(place) {
  if (!place) return null;
  if (place.latitude != null && place.longitude != null) {
    return `https://www.openstreetmap.org/directions?to=${place.latitude}%2C${place.longitude}`;
  }
  const address = [place.adresse, place.code_postal, place.commune].filter(Boolean).join(' ');
  return address ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}` : null;
}

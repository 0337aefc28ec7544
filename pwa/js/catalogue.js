// Searching the offer catalogue on the device (works offline on the stored copy).

import { NEEDS, THEMATIQUES } from './labels.js';
import { normalize } from './ui.js';

// Is the offer open to someone living in `commune` (a commune of the territory, or null when
// not given)? The offer's own commune always is; otherwise its eligibility zone decides.
export function openTo(offer, commune, territory) {
  if (!commune) return true;
  if (offer.code_insee && territory.commune(offer.code_insee) === commune) return true;
  return territory.covers(offer.zone_eligibilite, commune);
}

export function haystack(offer) {
  return normalize([offer.nom, offer.description, offer.falc, offer.commune, offer.publics_precisions,
    ...(offer.thematiques || []).map((t) => THEMATIQUES[t] || '')].join(' '));
}

// `commune` is an INSEE code of the territory (or empty: every offer).
export function filterOffers(offers, { q = '', need = '', commune = '', free = false, accessible = false } = {}, territory = null) {
  const words = normalize(q).split(/\s+/).filter(Boolean);
  const needThemes = need ? (NEEDS.find(([key]) => key === need) || [, , []])[2] : null;
  const home = commune && territory ? territory.commune(commune) : null;
  const local = (o) => Boolean(home && o.code_insee && territory.commune(o.code_insee) === home);
  return offers
    .filter((o) => !o.deleted)
    .filter((o) => !needThemes || (o.thematiques || []).some((t) => needThemes.includes(t)))
    .filter((o) => !free || o.frais === 'gratuit')
    // Only what the offer's describer said; a partner's acceslibre link alone proves nothing.
    .filter((o) => !accessible || o.lieu_accessible === true)
    .filter((o) => openTo(o, home, territory))
    .filter((o) => { if (!words.length) return true; const text = haystack(o); return words.every((w) => text.includes(w)); })
    .sort((a, b) => (local(b) - local(a))
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

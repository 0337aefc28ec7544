// The territory's official communes (data/territory.json, from INSEE's COG): the same file and
// the same rules as the server's server/territory.py. The service worker keeps the file offline.

const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const EPCI_CODE = /^\d{9}$/;
const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;

// Fold case, accents, hyphens and spacing so "st-claude" finds "Saint-Claude" (as the server).
export function nameKey(text) {
  const spaced = String(text ?? '').replace(/[-'’]/g, ' ');
  return spaced.normalize('NFKD').replace(/[^\x00-\x7f]/g, '').toLowerCase().split(/\s+/).filter(Boolean)
    .map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w)).join(' ');
}

export function departementOf(code) {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}

export function isZoneCode(value) {
  if (typeof value !== 'string') return false;
  const text = value.trim().toUpperCase();
  return text === 'FRANCE' || COMMUNE_CODE.test(text) || EPCI_CODE.test(text) || DEPARTEMENT_CODE.test(text);
}

export class Territory {
  constructor(data) {
    this.source = data.source;
    this.departements = new Map(data.departements.map((d) => [d.code, d.nom]));
    this.epci = new Map(data.epci.map((e) => [e.code, e.nom]));
    this.communes = new Map(data.communes.map((c) => [c.code, c]));
    this.former = new Map(data.anciennes.map((a) => [a.code, a.commune]));
    this.byName = new Map();
    const add = (name, code) => {
      const key = nameKey(name);
      if (!this.byName.has(key)) this.byName.set(key, new Set());
      this.byName.get(key).add(code);
    };
    for (const c of data.communes) add(c.nom, c.code);
    for (const a of data.anciennes) add(a.nom, a.commune);
    this.keys = [...this.byName.keys()];
  }

  // Today's commune of an INSEE code (a former commune's code leads to it).
  commune(code) {
    if (!code) return null;
    const text = String(code).trim().toUpperCase();
    return this.communes.get(this.former.get(text) || text) || null;
  }

  // The communes an official or former name designates (homonyms: several).
  named(name) {
    const codes = this.byName.get(nameKey(name));
    return codes ? [...codes].sort().map((c) => this.communes.get(c)) : [];
  }

  // The commune a code, or else an unambiguous name, designates.
  resolve({ code, name } = {}) {
    if (code) return this.commune(code);
    const found = this.named(name);
    return found.length === 1 ? found[0] : null;
  }

  // Communes whose name starts with (then contains) what was typed, at most `limit`.
  search(typed, limit = 20) {
    const key = nameKey(typed);
    if (!key) return [];
    const starts = [];
    const inside = [];
    for (const k of this.keys) {
      if (k.startsWith(key)) starts.push(k);
      else if (k.includes(key)) inside.push(k);
    }
    const seen = new Set();
    const out = [];
    for (const k of [...starts.sort(), ...inside.sort()]) {
      for (const c of this.named(k)) if (!seen.has(c.code)) { seen.add(c.code); out.push(c); }
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  // Does an eligibility zone take in someone living in `commune`? Same rule as the server:
  // no code at all means open to everyone; "france", a commune, EPCI or département code.
  covers(zone, commune) {
    const codes = (zone || []).filter(isZoneCode).map((z) => z.trim().toUpperCase());
    if (!codes.length || codes.includes('FRANCE')) return true;
    if (!commune) return false;
    return codes.some((code) => (COMMUNE_CODE.test(code) && (this.former.get(code) || code) === commune.code)
      || (EPCI_CODE.test(code) && code === commune.epci)
      || (DEPARTEMENT_CODE.test(code) && code === departementOf(commune.code)));
  }
}

// How a commune reads in a list: homonyms are told apart by their département.
export function communeLabel(commune) {
  return `${commune.nom} (${departementOf(commune.code)})`;
}

let loading = null;

// The territory, fetched once per page (the service worker answers offline).
export function loadTerritory(fetchFn = globalThis.fetch) {
  if (!loading) {
    loading = fetchFn('/data/territory.json').then((r) => {
      if (!r.ok) throw new Error(`territory.json: ${r.status}`);
      return r.json();
    }).then((data) => new Territory(data)).catch((err) => { loading = null; throw err; });
  }
  return loading;
}

// The dashboard's data: periods, the key figures fetched from the server, and the last ones
// kept on the device (sealed in IndexedDB, per account) so the dashboard shows something
// offline. Key figures are counts, never names, but small counts can point at a person.

import { NetworkError } from './api.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CACHE_SIZE = 6;

export const yearPeriod = (year) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

// The quick choices of the period chooser.
export function quickPeriods(today) {
  const year = Number(today.slice(0, 4));
  return [['cette-annee', 'Cette année', yearPeriod(year)], ['annee-derniere', 'L\'année dernière', yearPeriod(year - 1)]];
}

const validDay = (v) => DAY.test(v || '') && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

// The period asked in the route (?du=&au=), the current year by default; `error` says why a
// period typed by hand was not taken.
export function periodFrom(query, today) {
  const fallback = yearPeriod(Number(today.slice(0, 4)));
  const from = query.get('du');
  const to = query.get('au');
  if (!from && !to) return { ...fallback, error: null };
  if (!validDay(from) || !validDay(to)) return { ...fallback, error: 'Les dates doivent être complètes (jour, mois, année).' };
  if (to < from) return { ...fallback, error: 'La date de fin doit venir après la date de début.' };
  return { from, to, error: null };
}

export const periodQuery = ({ from, to }) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

// A storage (getItem/setItem/removeItem) kept sealed in the meta store: read once, written
// through on each change.
export async function sealedStorage(db) {
  const data = (await db.getMeta('kept_figures')) || {};
  const write = () => db.setMeta('kept_figures', data).catch(() => {});
  return {
    getItem: (k) => (Object.hasOwn(data, k) ? data[k] : null),
    setItem: (k, v) => { data[k] = String(v); write(); },
    removeItem: (k) => { delete data[k]; write(); },
  };
}

// Last figures fetched, per account: [{from, to, fetched_at, data}], newest first.
export function createFiguresCache(storage, accountId) {
  const key = `mhj-chiffres-${accountId || 'anonyme'}`;
  const read = () => { try { return JSON.parse(storage.getItem(key)) || []; } catch { return []; } };
  return {
    save(period, data, fetchedAt) {
      const rest = read().filter((e) => e.from !== period.from || e.to !== period.to);
      const entries = [{ from: period.from, to: period.to, fetched_at: fetchedAt, data }, ...rest].slice(0, CACHE_SIZE);
      try { storage.setItem(key, JSON.stringify(entries)); } catch { /* storage full: keep going online */ }
    },
    // The figures of this period when kept, otherwise the last ones fetched.
    find(period) {
      const entries = read();
      return entries.find((e) => e.from === period.from && e.to === period.to) || entries[0] || null;
    },
    clear() { storage.removeItem(key); },
  };
}

// Fetch the figures; offline, fall back on the ones kept. Resolves to
// {data, period, fetchedAt, stale, offline, error}: `stale` when the figures are the kept ones;
// data is null only when nothing could be shown. `path`: the region's figures use it too.
export async function loadFigures(api, cache, period, now = () => new Date().toISOString(), path = '/api/reports/key-figures') {
  try {
    const data = await api.get(`${path}?${periodQuery(period)}`);
    const fetchedAt = now();
    cache.save(period, data, fetchedAt);
    return { data, period, fetchedAt, stale: false, offline: false, error: null };
  } catch (err) {
    const kept = cache.find(period);
    const offline = err instanceof NetworkError;
    const error = offline ? null : err.message;
    if (kept) return { data: kept.data, period: { from: kept.from, to: kept.to }, fetchedAt: kept.fetched_at, stale: true, offline, error };
    return { data: null, period, fetchedAt: null, stale: false, offline, error };
  }
}

export const TARGET_MAX = 100000;

// Check the targets typed in the form: whole numbers from 0 to 100,000.
export function checkTargets(raw) {
  const values = {};
  const errors = {};
  for (const [key, text] of Object.entries(raw)) {
    const t = String(text ?? '').trim();
    if (!/^\d+$/.test(t)) { errors[key] = 'Indiquez un nombre entier, sans virgule (0 ou plus).'; continue; }
    const n = Number(t);
    if (n > TARGET_MAX) { errors[key] = `L'objectif ne peut pas dépasser ${TARGET_MAX.toLocaleString('fr-FR')}.`; continue; }
    values[key] = n;
  }
  return { values, errors };
}

// The dashboard's data: periods, the figures kept for offline use, target checks, and files
// fetched with the user's token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodFrom, quickPeriods, createFiguresCache, loadFigures, checkTargets, periodQuery } from '../../pwa/js/reports.js';
import { fileName, fetchFile, downloadError } from '../../pwa/js/download.js';
import { ApiError, NetworkError } from '../../pwa/js/api.js';

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k), data };
}

const q = (text) => new URLSearchParams(text);

test('periods: the current year by default, quick choices, typed dates checked', () => {
  assert.deepEqual(periodFrom(q(''), '2026-11-25'), { from: '2026-01-01', to: '2026-12-31', error: null });
  assert.deepEqual(periodFrom(q('du=2026-03-01&au=2026-06-30'), '2026-11-25'), { from: '2026-03-01', to: '2026-06-30', error: null });
  assert.match(periodFrom(q('du=2026-06-30&au=2026-03-01'), '2026-11-25').error, /après/);
  assert.match(periodFrom(q('du=2026-02-30&au=2026-03-01'), '2026-11-25').error, /complètes/, 'no 30 February');
  assert.match(periodFrom(q('du=2026-01-01'), '2026-11-25').error, /complètes/);
  assert.equal(periodFrom(q('du=x&au=y'), '2026-11-25').from, '2026-01-01', 'falls back on the year');
  assert.deepEqual(quickPeriods('2026-11-25').map(([id, , p]) => [id, p.from, p.to]), [['cette-annee', '2026-01-01', '2026-12-31'], ['annee-derniere', '2025-01-01', '2025-12-31']]);
  assert.equal(periodQuery({ from: '2026-01-01', to: '2026-12-31' }), 'from=2026-01-01&to=2026-12-31');
});

test('figures: fetched and kept; offline, the kept ones with their date, per account', async () => {
  const storage = memoryStorage();
  const cache = createFiguresCache(storage, 'u1');
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const spring = { from: '2026-03-01', to: '2026-05-31' };
  const calls = [];
  let online = true;
  const api = { get: async (path) => { calls.push(path); if (!online) throw new NetworkError(new TypeError('Failed to fetch')); return { period: path, targets: [] }; } };

  const first = await loadFigures(api, cache, year, () => '2026-11-25T08:00:00Z');
  assert.equal(calls[0], '/api/reports/key-figures?from=2026-01-01&to=2026-12-31');
  assert.deepEqual([first.stale, first.offline, first.fetchedAt, first.error], [false, false, '2026-11-25T08:00:00Z', null]);
  await loadFigures(api, cache, spring, () => '2026-11-25T09:00:00Z');

  online = false;
  const again = await loadFigures(api, cache, year);
  assert.deepEqual([again.stale, again.offline, again.fetchedAt, again.period, again.error], [true, true, '2026-11-25T08:00:00Z', year, null]);
  assert.equal(again.data.period, calls[0]);
  const other = await loadFigures(api, cache, { from: '2025-01-01', to: '2025-12-31' });
  assert.deepEqual([other.stale, other.period], [true, spring], 'another period: the last figures fetched, with their own period');

  assert.equal(createFiguresCache(storage, 'u2').find(year), null, 'another account sees nothing');
  const none = await loadFigures(api, createFiguresCache(storage, 'u2'), year);
  assert.deepEqual([none.data, none.offline, none.error], [null, true, null]);

  for (let m = 1; m <= 9; m += 1) cache.save({ from: `2020-0${m}-01`, to: `2020-0${m}-28` }, {}, 'x');
  assert.equal(JSON.parse(storage.getItem('mhj-chiffres-u1')).length, 6, 'only the last few periods are kept');
  storage.setItem('mhj-chiffres-u3', '{not json');
  assert.equal(createFiguresCache(storage, 'u3').find(year), null, 'a damaged copy is ignored');
});

test('figures: a server error says why, and still shows what was kept', async () => {
  const storage = memoryStorage();
  const cache = createFiguresCache(storage, 'u1');
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const failing = { get: async () => { throw new ApiError(503, { detail: 'Service indisponible.' }); } };
  const nothing = await loadFigures(failing, cache, year);
  assert.deepEqual([nothing.data, nothing.offline, nothing.error], [null, false, 'Service indisponible.']);
  cache.save(year, { kept: true }, '2026-11-24T17:00:00Z');
  const kept = await loadFigures(failing, cache, year);
  assert.deepEqual([kept.data, kept.stale, kept.offline, kept.error], [{ kept: true }, true, false, 'Service indisponible.']);
});

test('targets: whole numbers from 0 to 100,000, one message per field', () => {
  const { values, errors } = checkTargets({ referred: '50', mobilised: ' 0 ', contacts: '12,5', trained: '100001' });
  assert.deepEqual(values, { referred: 50, mobilised: 0 });
  assert.deepEqual(Object.keys(errors), ['contacts', 'trained']);
  assert.match(errors.contacts, /entier/);
  assert.match(errors.trained, /100/);
  for (const bad of ['', '-1', 'abc', '1e3', '3.0']) assert.ok(checkTargets({ x: bad }).errors.x, bad);
});

test('downloads: the file name of Content-Disposition', () => {
  assert.equal(fileName('attachment; filename="chiffres-cles-2026-01-01-2026-12-31.csv"', 'x'), 'chiffres-cles-2026-01-01-2026-12-31.csv');
  assert.equal(fileName('attachment; filename=bilan.pdf', 'x'), 'bilan.pdf');
  assert.equal(fileName("attachment; filename=\"a.csv\"; filename*=UTF-8''donn%C3%A9es.csv", 'x'), 'données.csv');
  assert.equal(fileName(null, 'secours.csv'), 'secours.csv');
});

test('downloads: the token is sent, a 401 refreshes it once, errors come in French', async () => {
  let token = 'old';
  const auth = { accessToken: async () => token, refresh: async (used) => { assert.equal(used, 'old'); token = 'new'; return true; } };
  const seen = [];
  const fetchFn = async (path, init) => {
    seen.push(init.headers.Authorization);
    if (init.headers.Authorization === 'Bearer old') return new Response(JSON.stringify({ status: 401, detail: 'Jeton expiré.' }), { status: 401 });
    return new Response('a;b\n1;2\n', { headers: { 'Content-Disposition': 'attachment; filename="f.csv"' } });
  };
  const file = await fetchFile(auth, '/api/reports/key-figures.csv', 'secours.csv', fetchFn);
  assert.deepEqual(seen, ['Bearer old', 'Bearer new']);
  assert.equal(file.name, 'f.csv');
  assert.equal(await file.blob.text(), 'a;b\n1;2\n');

  const missing = async () => new Response(JSON.stringify({ status: 404, title: 'Introuvable' }), { status: 404 });
  await assert.rejects(fetchFile(auth, '/api/exports/records.xlsx', 'x', missing), (err) => err instanceof ApiError && err.status === 404);
  assert.match(downloadError(new ApiError(404, {})), /pas encore disponible/);
  assert.match(downloadError(new ApiError(403, {})), /ne permet pas/);
  assert.match(downloadError(new NetworkError()), /connexion/);
  assert.match(downloadError(new ApiError(500, { detail: 'Erreur interne.' })), /Erreur interne/);
  const offline = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(fetchFile(auth, '/x', 'x', offline), NetworkError);
});

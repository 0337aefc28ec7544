/* Service worker of Mobilité Haut-Jura (classic script, scope /).
 * - precaches the versioned app shell; a new VERSION installs beside the old one and waits
 *   until the page says 'skipWaiting' (the "Nouvelle version" prompt);
 * - activate removes the caches of older versions;
 * - GET only; /api/auth and /api/sync are never cached (network only);
 * - the public catalogue (/api/offers, /api/partners, /api/sessions/public) and the
 *   public-transport timetable (/api/transit/timetable) are stale-while-revalidate;
 * - navigations get the cached shell (index.html), so the app opens offline.
 */
const VERSION = 'v14';
const SHELL_CACHE = `mhj-shell-${VERSION}`;
const DATA_CACHE = 'mhj-data-v1';
const SHELL = [
  '/',
  '/manifest.webmanifest',
  '/css/app.css',
  '/data/territory.json',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-192.png',
  '/icons/maskable-512.png',
  '/js/api.js',
  '/js/app.js',
  '/js/audit.js',
  '/js/auth.js',
  '/js/buffered.js',
  '/js/catalogue.js',
  '/js/charts.js',
  '/js/commune-picker.js',
  '/js/consent.js',
  '/js/context.js',
  '/js/db.js',
  '/js/diagnostic.js',
  '/js/due.js',
  '/js/download.js',
  '/js/drafts.js',
  '/js/erasure.js',
  '/js/field-labels.js',
  '/js/fit.js',
  '/js/forms.js',
  '/js/integrity.js',
  '/js/freshness.js',
  '/js/labels.js',
  '/js/links.js',
  '/js/lock.js',
  '/js/manifest.js',
  '/js/merge.js',
  '/js/outbox.js',
  '/js/public-data.js',
  '/js/report-labels.js',
  '/js/reports.js',
  '/js/requests.js',
  '/js/rights.js',
  '/js/router.js',
  '/js/routes.js',
  '/js/rows.js',
  '/js/sealed.js',
  '/js/selftest.js',
  '/js/staging.js',
  '/js/status.js',
  '/js/structures.js',
  '/js/sw-register.js',
  '/js/sync.js',
  '/js/territory.js',
  '/js/trainings.js',
  '/js/transit/client.js',
  '/js/transit/csa.js',
  '/js/transit/timetable.js',
  '/js/transit/worker.js',
  '/js/ui.js',
  '/js/values.js',
  '/js/vault.js',
  '/js/views/accounts.js',
  '/js/views/attendance.js',
  '/js/views/conflicts.js',
  '/js/views/contact-test.js',
  '/js/views/contacts.js',
  '/js/views/dashboard-figures.js',
  '/js/views/dashboard.js',
  '/js/views/datainclusion-import.js',
  '/js/views/device-structure.js',
  '/js/views/device.js',
  '/js/views/diagnostic-form.js',
  '/js/views/downloads.js',
  '/js/views/freshness.js',
  '/js/views/home.js',
  '/js/views/journal.js',
  '/js/views/legal.js',
  '/js/views/lock.js',
  '/js/views/login.js',
  '/js/views/office.js',
  '/js/views/outcomes.js',
  '/js/views/password.js',
  '/js/views/people.js',
  '/js/views/person-rights.js',
  '/js/views/person.js',
  '/js/views/plan-forms.js',
  '/js/views/plan-print.js',
  '/js/views/plan.js',
  '/js/views/pro.js',
  '/js/views/review-form.js',
  '/js/views/referrals.js',
  '/js/views/region.js',
  '/js/views/targets-form.js',
  '/js/views/today.js',
  '/js/views/trainings.js',
  '/js/views/transit-admin.js',
  '/js/views/transit.js',
  '/js/views/youth-more.js',
  '/js/views/youth-test.js',
  '/js/views/youth.js',
];
// The timetable too ("Comment y aller" offline); its ETag is its version.
const CATALOGUE = ['/api/offers', '/api/partners', '/api/sessions/public', '/api/transit/timetable'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) =>
    cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('mhj-') && name !== SHELL_CACHE && name !== DATA_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

// Background Sync (where the browser has it): ask an open page to run its sync.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'mhj-sync') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((clients) => {
    for (const client of clients) client.postMessage('sync');
  }));
});

async function staleWhileRevalidate(event) {
  const cache = await caches.open(DATA_CACHE);
  const cached = await cache.match(event.request);
  const network = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(network.catch(() => {}));
    return cached;
  }
  return network;
}

async function shell(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (err) {
    if (request.mode === 'navigate') return (await cache.match('/')) || Response.error();
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (CATALOGUE.includes(url.pathname)) event.respondWith(staleWhileRevalidate(event));
    return; // auth, sync and the rest of the API: network only, never cached
  }
  if (request.mode === 'navigate' && !/\.[a-z0-9]+$/i.test(url.pathname)) {
    event.respondWith(caches.open(SHELL_CACHE).then((cache) => cache.match('/'))
      .then((cached) => cached || fetch(request))
      .catch(() => fetch(request)));
    return;
  }
  event.respondWith(shell(request));
});

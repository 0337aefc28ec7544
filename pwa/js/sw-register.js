// Registers the service worker and shows "Nouvelle version" instead of swapping code under
// the user's feet: on "Mettre à jour", drafts are saved, the waiting worker takes over, reload.
// The registration and each update check wait for the sync (`whenIdle`): on a slow line the
// day's data goes first, the shell's bytes after.

import { h, replace } from './ui.js';

export function registerServiceWorker({ banner, beforeUpdate = async () => {}, onSyncRequest = () => {}, whenIdle = async () => {} }) {
  if (!('serviceWorker' in navigator)) return null;
  let updating = false; // reload only when the person asked for the new version
  let reloading = false;
  const show = (worker) => {
    replace(banner,
      h('p', {}, 'Une nouvelle version de l\'application est prête.'),
      h('button', { type: 'button', id: 'update-now', on: { click: async () => {
        updating = true;
        await beforeUpdate();
        worker.postMessage('skipWaiting');
      } } }, 'Mettre à jour'));
    banner.hidden = false;
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!updating || reloading) return; // the first install's clients.claim() is no update
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => { if (event.data === 'sync') onSyncRequest(); });
  // A macrotask later: the triggers of the same event (network back, foreground) have scheduled
  // their sync by then, and whenIdle waits for it.
  const afterSync = () => new Promise((resolve) => setTimeout(resolve, 0)).then(whenIdle).catch(() => {});
  const ready = afterSync().then(() => navigator.serviceWorker.register('/sw.js', { scope: '/' })).then((reg) => {
    if (reg.waiting && navigator.serviceWorker.controller) show(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) show(worker);
      });
    });
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') afterSync().then(() => reg.update()).catch(() => {}); });
    return reg;
  }).catch((err) => { console.warn('service worker non enregistré', err); return null; });
  return ready;
}

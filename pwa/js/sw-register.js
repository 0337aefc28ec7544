// Registers the service worker and shows "Nouvelle version" instead of swapping code under
// the user's feet: on "Mettre à jour", drafts are saved, the waiting worker takes over, reload.

import { h, replace } from './ui.js';

export function registerServiceWorker({ banner, beforeUpdate = async () => {}, onSyncRequest = () => {} }) {
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
  const ready = navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    if (reg.waiting && navigator.serviceWorker.controller) show(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) show(worker);
      });
    });
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') reg.update().catch(() => {}); });
    return reg;
  }).catch((err) => { console.warn('service worker non enregistré', err); return null; });
  return ready;
}

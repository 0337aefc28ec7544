// The sync status shown on every screen: connection, changes waiting, last sync, a progress
// bar during a first sync, conflicts to resolve, and requests queued by the youth space.

import { h, replace, fmtTime, fmtShortDate, localDay } from './ui.js';

const ERRORS = {
  offline: 'Pas de réseau : tout est gardé sur l\'appareil.',
  auth: 'Session expirée : reconnectez-vous pour envoyer vos modifications (elles sont gardées).',
  schema: 'L\'application doit être mise à jour avant de synchroniser (vos modifications sont gardées).',
  busy: 'Le serveur est occupé, nouvel essai plus tard.',
  server: 'Le serveur a eu un problème, nouvel essai plus tard.',
};

export function lastSyncText(iso, today = localDay()) {
  if (!iso) return 'Jamais synchronisé';
  return localDay(iso) === today ? `Synchronisé à ${fmtTime(iso)}` : `Synchronisé le ${fmtShortDate(iso)}`;
}

export function createStatus({ el, ctx }) {
  let online = navigator.onLine;
  let counts = { pending: 0, requests: 0, conflicts: 0 };

  async function refreshCounts() {
    const [pending, requests, conflicts] = await Promise.all([
      ctx.db.count('outbox'), ctx.db.count('requests'), ctx.db.hasKey() ? ctx.db.getMeta('conflicts', []) : [],
    ]);
    counts = { pending, requests, conflicts: (conflicts || []).length };
    draw();
  }

  function draw() {
    const s = ctx.sync.state();
    // Nothing of the account on a locked or lent tablet (the first sync shows while the PIN is chosen).
    const user = ctx.lock.staffVisible() || ctx.lock.phase() === 'set-pin' ? ctx.auth.user() : null;
    const isOffline = !online || s.error === 'offline';
    el.dataset.state = isOffline ? 'offline' : 'online';
    const parts = [h('span', { class: `pill ${isOffline ? 'off' : 'on'}` }, isOffline ? 'Hors ligne' : 'En ligne')];
    if (user) {
      parts.push(h('span', { class: 'pending', 'data-count': counts.pending },
        counts.pending === 0 ? 'Tout est envoyé' : `${counts.pending} modification${counts.pending > 1 ? 's' : ''} à envoyer`));
      parts.push(h('span', { class: 'last' }, s.running ? 'Synchronisation…' : lastSyncText(s.lastSync)));
      if (counts.conflicts && ['referent', 'coordinator'].includes(user.role)) {
        parts.push(h('a', { href: '#/conflits', class: 'conflicts' }, `${counts.conflicts} conflit${counts.conflicts > 1 ? 's' : ''} à régler`));
      }
      parts.push(h('button', { type: 'button', class: 'small', id: 'sync-now', disabled: s.running, on: { click: () => ctx.syncNow() } }, 'Synchroniser'));
    }
    if (counts.requests) parts.push(h('span', { class: 'requests' }, `${counts.requests} demande${counts.requests > 1 ? 's' : ''} en attente d'envoi`));
    if (s.error && s.error !== 'offline' && ERRORS[s.error]) parts.push(h('p', { class: 'error' }, ERRORS[s.error]));
    if (s.running && s.phase === 'pull' && s.firstSync) {
      parts.push(h('div', { class: 'progress' },
        h('label', { for: 'sync-progress' }, `Première synchronisation : ${s.received} éléments reçus`),
        h('progress', { id: 'sync-progress' })));
    }
    replace(el, parts);
  }

  window.addEventListener('online', () => { online = true; draw(); });
  window.addEventListener('offline', () => { online = false; draw(); });
  ctx.sync.onChange(() => { draw(); if (!ctx.sync.state().running) refreshCounts(); });
  ctx.outbox.onChange(refreshCounts);
  ctx.requests.onChange(refreshCounts);
  ctx.auth.onChange(refreshCounts);
  ctx.lock.onChange(refreshCounts);
  return { refresh: refreshCounts, draw, isOnline: () => online };
}

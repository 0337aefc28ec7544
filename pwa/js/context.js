// Builds the shared context every screen receives (db, auth, api, outbox, sync...) and the
// moments the outbox is replayed: start, network back, app back to the foreground, after a
// local change (debounced), every few minutes, the "Synchroniser" button, Background Sync.

import { openDb, SYNCED_TABLES } from './db.js';
import { createApi } from './api.js';
import { createAuth } from './auth.js';
import { createOutbox } from './outbox.js';
import { createSync } from './sync.js';
import { createRequestQueue } from './requests.js';
import { createDrafts } from './drafts.js';
import { ask, announce } from './ui.js';
import { loadPublic } from './public-data.js';
import { createAudit } from './audit.js';
import { writesAboutErased } from './erasure.js';

export const HOMES = { prescriber: '#/pro', referent: '#/ref', coordinator: '#/ref' };
export const homeOf = (role) => HOMES[role] || '#/';

const DATA_CACHES = /^mhj-data/;

// Revoked device: tell the person, then wipe everything stored for the account.
async function wipeRevoked(ctx) {
  await ask('Cet appareil a été retiré par la coordination (perte, vol ou changement d\'appareil). Les données enregistrées sur cet appareil vont être effacées.', { ok: 'J\'ai compris', cancel: null, title: 'Appareil retiré' });
  await ctx.db.clearAccountData();
  await ctx.db.delete('meta', 'device_id');
  if (globalThis.caches) for (const name of await caches.keys()) if (DATA_CACHES.test(name)) await caches.delete(name);
  await ctx.auth.load();
  location.hash = '#/';
  location.reload();
}

export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist().catch(() => false);
}

export async function createContext() {
  const db = await openDb();
  const auth = createAuth(db);
  await auth.load();
  const api = createApi({ auth });
  const outbox = createOutbox(db);
  const ctx = { db, auth, api, outbox, homeOf, tables: SYNCED_TABLES };
  ctx.requests = createRequestQueue(db, api);
  ctx.drafts = createDrafts(db);
  ctx.audit = createAudit({ db, api, auth });
  ctx.sync = createSync({ db, api, outbox, auth, audit: ctx.audit, onRevoked: () => wipeRevoked(ctx) });
  // Files opened since the last sync reach the audit log before logging out wipes them.
  const logout = auth.logout;
  auth.logout = async (opts) => { await ctx.audit.flush().catch(() => {}); return logout(opts); };
  await ctx.sync.load();
  ctx.syncNow = async () => {
    ctx.requests.flush();
    const before = ctx.sync.state().lastSync;
    const result = await ctx.sync.run();
    if (result.summary && result.summary.rejected) announce(`${result.summary.rejected} modification(s) refusée(s) par le serveur : voir « Cet appareil ».`, 'error');
    if (result.summary && result.summary.conflicts) announce(`${result.summary.conflicts} conflit(s) à régler.`, 'error');
    if (result.lastSync !== before && ctx.router && ctx.currentRoute && ctx.currentRoute.live && !isEditing()) ctx.router.render();
    return result;
  };
  // Save a change locally (row + outbox) and schedule a sync. Nothing about an erased person.
  ctx.save = async (table, id, fields, opts) => {
    if (await writesAboutErased(db, table, id, fields)) {
      announce('Cette personne a été effacée : la modification n\'est pas enregistrée.', 'error');
      throw new Error('personne effacée');
    }
    return outbox.record(table, id, fields, opts);
  };
  if (auth.user()) requestPersistence();
  return ctx;
}

function isEditing() {
  const el = document.activeElement;
  return Boolean(el && el.closest && el.closest('form'));
}

export function startAutoSync(ctx) {
  let timer = null;
  const soon = (ms = 1500) => { clearTimeout(timer); timer = setTimeout(() => ctx.syncNow(), ms); };
  const prefetch = () => { for (const name of ['offers', 'partners', 'sessions']) loadPublic(ctx, name).catch(() => {}); };
  ctx.syncNow();
  prefetch(); // the youth space works offline after one visit, whatever page it was
  window.addEventListener('online', () => { soon(200); prefetch(); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') soon(200); });
  ctx.outbox.onChange((reason) => {
    if (reason !== 'record') return;
    if (navigator.onLine) soon();
    else registerBackgroundSync();
  });
  setInterval(() => { if (document.visibilityState === 'visible' && navigator.onLine) ctx.syncNow(); }, 5 * 60 * 1000);
}

// Background Sync, where the browser has it: the service worker asks an open page to sync.
async function registerBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register('mhj-sync');
  } catch { /* not available: the other triggers remain */ }
}

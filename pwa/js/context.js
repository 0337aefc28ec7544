// Builds the shared context every screen receives (db, auth, api, outbox, sync...) and the
// moments the outbox is replayed: start, network back, app back to the foreground, after a
// local change (debounced), every few minutes, the "Synchroniser" button, Background Sync.

import { openDb, SYNCED_TABLES } from './db.js';
import { createApi } from './api.js';
import { createAuth, PendingChangesError } from './auth.js';
import { createOutbox } from './outbox.js';
import { createSync } from './sync.js';
import { createIntegrity } from './integrity.js';
import { createRequestQueue } from './requests.js';
import { createDrafts } from './drafts.js';
import { ask, announce } from './ui.js';
import { onDeviceRevoked } from './api.js';
import { createLock } from './lock.js';
import { loadPublic } from './public-data.js';
import { createAudit } from './audit.js';
import { writesAboutErased } from './erasure.js';

export const HOMES = { prescriber: '#/pro', referent: '#/ref', coordinator: '#/ref', region: '#/region' };
export const homeOf = (role) => HOMES[role] || '#/';

const DATA_CACHES = /^mhj-data/;

// Revoked device: wipe everything stored for the account and its keys FIRST, then tell.
async function wipeRevoked(ctx) {
  if (ctx.wiping) return ctx.wiping;
  ctx.wiping = (async () => {
    await wipeDevice(ctx, { keepDevice: false });
    await ask('Cet appareil a été retiré par la coordination (perte, vol ou changement d\'appareil). Les données enregistrées sur cet appareil ont été effacées.', { ok: 'J\'ai compris', cancel: null, title: 'Appareil retiré' });
    location.hash = '#/';
    location.reload();
  })();
  return ctx.wiping;
}

// Every store that holds personal data, the keys, the queued public requests and the data caches.
async function wipeDevice(ctx, { keepDevice = true } = {}) {
  clearScreen();
  ctx.lock.forget('wipe');
  await ctx.db.clearAccountData({ keepDevice });
  await ctx.db.tx('requests', 'readwrite', (t) => t.clear('requests'));
  if (globalThis.caches) for (const name of await caches.keys()) if (DATA_CACHES.test(name)) await caches.delete(name);
  ctx.auth.forget();
  ctx.lock.reset();
}

// Remove from the page everything a previous screen showed (a locked screen shows nothing).
export function clearScreen() {
  for (const id of ['main', 'nav', 'who', 'status', 'annonces']) { const el = document.getElementById(id); if (el) el.replaceChildren(); }
  for (const d of document.querySelectorAll('dialog')) { if (d.open) d.close(); d.remove(); }
  document.title = 'Mobilité Haut-Jura';
}

export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist().catch(() => false);
}

export async function createContext() {
  const db = await openDb();
  const lock = createLock({ db });
  await lock.load();
  const auth = createAuth(db, { onSettings: (settings) => lock.setSettings(settings) });
  const api = createApi({ auth });
  const outbox = createOutbox(db);
  const ctx = { db, lock, auth, api, outbox, homeOf, tables: SYNCED_TABLES };
  onDeviceRevoked(() => wipeRevoked(ctx));
  ctx.requests = createRequestQueue(db, api);
  ctx.drafts = createDrafts(db);
  ctx.audit = createAudit({ db, api, auth });
  ctx.integrity = createIntegrity({ db, api });
  ctx.sync = createSync({ db, api, outbox, auth, audit: ctx.audit, integrity: ctx.integrity, onRevoked: () => wipeRevoked(ctx) });
  // Files opened since the last sync reach the audit log before logging out wipes them.
  // Call-back requests typed here leave first: logging out never loses one, and wipes the rest.
  const logout = auth.logout;
  auth.logout = async (opts) => {
    await ctx.audit.flush().catch(() => {});
    await ctx.requests.flush().catch(() => {});
    const waiting = (await ctx.requests.list()).filter((r) => !r.error).length;
    if (waiting) throw new PendingChangesError(waiting);
    await logout(opts);
    await wipeDevice(ctx);
  };
  await ctx.sync.load();
  ctx.syncNow = async () => {
    ctx.requests.flush();
    if (!db.hasKey()) return ctx.sync.state();
    const before = ctx.sync.state().lastSync;
    const result = await ctx.sync.run();
    if (!result.error) await lock.contacted();
    // An expired session still asks the server whether this device was revoked (then wiped).
    if (result.error === 'auth') await auth.checkDevice().catch(() => {});
    if (result.summary && result.summary.rejected) announce(`${result.summary.rejected} modification(s) refusée(s) par le serveur : voir « Cet appareil ».`, 'error');
    if (result.summary && result.summary.conflicts) announce(`${result.summary.conflicts} conflit(s) à régler.`, 'error');
    if (result.lastSync !== before && ctx.router && ctx.currentRoute && ctx.currentRoute.live && lock.staffVisible() && !isEditing()) ctx.router.render();
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
  lock.onChange((why) => onLockChange(ctx, why));
  return ctx;
}

// The lock changed: nothing stays on screen unless it opened; then the screen is drawn again.
async function onLockChange(ctx, why) {
  if (why === 'wipe' || why === 'reset') return; // wipeDevice draws what comes next
  if (why !== 'open') clearScreen();
  if (!ctx.db.hasKey()) ctx.auth.forget();
  else if (!ctx.auth.user()) await ctx.auth.load();
  if (why === 'lent-idle') { ctx.drafts.forgetPublic(); location.hash = '#/jeunes'; }
  if (ctx.router) await ctx.router.render();
  if (why === 'open') { requestPersistence(); ctx.syncNow(); }
}

function isEditing() {
  const el = document.activeElement;
  return Boolean(el && el.closest && el.closest('form'));
}

// Every trigger lands in one run (sync.js joins a trigger to the run going on): network back
// and foreground share one immediate timer, a local change waits 1.5 s for the next one and syncs
// only if it is still unsent. The catalogue is revalidated after the sync, never beside it.
export function startAutoSync(ctx) {
  let timer = null;
  let waiting = []; // resolvers of whoever waits for the scheduled run
  let onlyIfPending = true; // true while every trigger of the scheduled run was a local change
  const soon = (ms = 1500, localChange = false) => {
    // A trigger during a run joins it (a change typed meanwhile is sent by sync.js itself).
    if (ctx.sync.state().running && !timer) return ctx.sync.idle();
    clearTimeout(timer);
    onlyIfPending = onlyIfPending && localChange;
    const done = new Promise((resolve) => waiting.push(resolve));
    timer = setTimeout(async () => {
      const resolvers = waiting;
      const check = onlyIfPending;
      waiting = []; onlyIfPending = true; timer = null;
      try {
        if (!check || await ctx.outbox.count()) await syncNow();
      } finally {
        for (const resolve of resolvers) resolve();
      }
    }, ms);
    return done;
  };
  // A run that starts now serves the scheduled one too: its timer goes, its waiters wait for
  // this run (else a trigger fired just before the button would sync a second time).
  const syncNow = ctx.syncNow;
  ctx.syncNow = async () => {
    let resolvers = [];
    if (timer) { clearTimeout(timer); timer = null; resolvers = waiting; waiting = []; onlyIfPending = true; }
    try {
      return await syncNow();
    } finally {
      for (const resolve of resolvers) resolve();
    }
  };
  // Resolves once no run is scheduled or going (the shell's update check waits for it).
  ctx.syncIdle = async () => {
    if (timer) await new Promise((resolve) => waiting.push(resolve));
    await ctx.sync.idle();
  };
  const prefetch = () => { for (const name of ['offers', 'partners', 'sessions']) loadPublic(ctx, name).catch(() => {}); };
  // The youth space works offline after one visit, whatever page it was.
  Promise.resolve(ctx.syncNow()).finally(prefetch);
  // No wait on network back or foreground: a second trigger of the same moment joins the run.
  window.addEventListener('online', () => { soon(0).then(prefetch); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') soon(0); });
  ctx.outbox.onChange((reason) => {
    if (reason !== 'record') return;
    if (navigator.onLine) soon(1500, true);
    else registerBackgroundSync();
  });
  setInterval(() => { if (document.visibilityState === 'visible' && navigator.onLine) ctx.syncNow(); }, 5 * 60 * 1000);
}

// Background Sync asks for a run: only when changes still wait (network back already sent them).
export async function syncIfPending(ctx) {
  if (await ctx.outbox.count()) return ctx.syncNow();
  return ctx.sync.state();
}

// Background Sync, where the browser has it: the service worker asks an open page to sync.
async function registerBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register('mhj-sync');
  } catch { /* not available: the other triggers remain */ }
}

// "Cet appareil": storage (persistent or not, estimate), sync details, the structure whose
// caseload it holds (and the switch to another), pending and refused changes, queued
// requests, and logging out (refused while changes wait to be sent). Loaded when opened.
import { h, replace, fmtDateTime, announce, ask } from '../ui.js';
import { PendingChangesError } from '../auth.js';
import { ROLES } from '../labels.js';
import { requestPersistence } from '../context.js';
import { structureSection } from './device-structure.js';

const mb = (bytes) => `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

export async function device(ctx) {
  const storage = h('dl', { class: 'facts', id: 'stockage' });
  const est = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate().catch(() => null) : null;
  const persisted = navigator.storage && navigator.storage.persisted ? await navigator.storage.persisted().catch(() => false) : false;
  replace(storage,
    h('dt', {}, 'Stockage utilisé'), h('dd', {}, est ? `${mb(est.usage || 0)} sur ${mb(est.quota || 0)} disponibles` : 'Inconnu'),
    h('dt', {}, 'Stockage protégé'), h('dd', {}, persisted ? 'Oui : le navigateur ne l\'effacera pas de lui-même' : 'Non : le navigateur peut l\'effacer s\'il manque de place'));
  const persistButton = persisted ? null : h('button', { type: 'button', class: 'secondary', on: { click: async () => {
    const ok = await requestPersistence();
    announce(ok ? 'Stockage protégé.' : 'Le navigateur a refusé pour l\'instant.', ok ? 'ok' : 'error');
    ctx.router.render();
  } } }, 'Protéger le stockage');

  const user = ctx.auth.user();
  const [pending, rejections, requests, deviceId, deviceName, counts] = await Promise.all([
    ctx.outbox.all(), ctx.db.getAll('rejections'), ctx.requests.list(), ctx.db.getMeta('device_id'), ctx.db.getMeta('device_name'),
    Promise.all(ctx.tables.map(async (t) => [t, await ctx.db.count(t)])),
  ]);
  const s = ctx.sync.state();
  const checked = await ctx.db.getMeta('integrity');
  let checkText = 'Pas encore faite : elle se fait à la synchronisation, une fois par jour.';
  if (checked) {
    // The words of the tables only when one was taken again (field-labels.js loads on demand).
    const names = checked.resynced.length ? (await import('../values.js')).tableLabel : null;
    checkText = `${fmtDateTime(checked.at)} : ${checked.resynced.length
      ? `différences trouvées et reprises depuis le serveur (${checked.resynced.map(names).join(', ')})`
      : `tout concorde avec le serveur (${checked.rows} fiches)`}.`;
  }
  const out = [h('h1', {}, 'Cet appareil'), storage, persistButton];
  out.push(h('h2', {}, 'Synchronisation'), h('dl', { class: 'facts' },
    h('dt', {}, 'Compte'), h('dd', {}, user ? `${user.name} (${ROLES[user.role] || user.role})` : 'Aucun (espace jeunes)'),
    h('dt', {}, 'Nom de l\'appareil'), h('dd', {}, deviceName || '—'),
    h('dt', {}, 'Identifiant'), h('dd', { class: 'mono' }, deviceId || '—'),
    h('dt', {}, 'Dernière synchronisation'), h('dd', {}, s.lastSync ? fmtDateTime(s.lastSync) : 'Jamais'),
    h('dt', {}, 'Modifications à envoyer'), h('dd', { id: 'pending-count' }, String(pending.length)),
    h('dt', {}, 'Fiches sur l\'appareil'), h('dd', {}, String(counts.reduce((a, [, n]) => a + n, 0))),
    h('dt', {}, 'Vérification des données'), h('dd', { id: 'verification' }, checkText)));
  if (user) out.push(h('button', { type: 'button', on: { click: () => ctx.syncNow().then(() => ctx.router.render()) } }, 'Synchroniser maintenant'), await structureSection(ctx));
  if (rejections.length) {
    out.push(h('h2', {}, 'Modifications refusées par le serveur'),
      h('ul', { class: 'list' }, rejections.map((r) => h('li', {},
        h('strong', {}, `${r.table} · ${fmtDateTime(r.at)}`), ' ',
        Object.entries(r.errors || {}).map(([f, msgs]) => `${f} : ${[].concat(msgs).join(', ')}`).join(' ; '),
        h('button', { type: 'button', class: 'small secondary', on: { click: async () => { await ctx.db.delete('rejections', r.id); ctx.router.render(); } } }, 'J\'ai vu')))));
  }
  if (requests.length) {
    out.push(h('h2', {}, 'Demandes en attente d\'envoi'), h('ul', { class: 'list' }, requests.map((r) => h('li', {}, `Demande de rappel (${fmtDateTime(r.created_at)})`, r.error ? ` — refusée : ${r.error}` : ''))));
  }
  if (user) {
    out.push(h('h2', {}, 'Sécurité'), h('p', {}, `Les dossiers sont chiffrés sur cet appareil. L'application se verrouille après ${ctx.lock.settings().lock_idle_minutes} minute(s) sans activité ; le mot de passe est redemandé après ${ctx.lock.settings().password_hours} heures.`),
      h('p', {}, h('a', { class: 'button secondary', href: '#/appareil/mot-de-passe' }, 'Changer mon mot de passe')));
    const logoutBox = h('div', { role: 'alert' });
    out.push(h('h2', {}, 'Se déconnecter'), h('p', {}, 'La déconnexion efface les données du compte sur cet appareil. Elle est refusée tant que des modifications n\'ont pas été envoyées.'),
      logoutBox,
      h('button', { type: 'button', class: 'danger', id: 'logout', on: { click: async () => {
        const waiting = await ctx.db.count('outbox');
        if (waiting) { replace(logoutBox, h('p', { class: 'error' }, `Impossible de se déconnecter : ${waiting} modification${waiting > 1 ? 's' : ''} pas encore envoyée${waiting > 1 ? 's' : ''}. Synchronisez d'abord, avec du réseau.`)); return; }
        try {
          if (!(await ask('Effacer les données de ce compte sur cet appareil et se déconnecter ?', { ok: 'Se déconnecter' }))) return;
          await ctx.auth.logout({ api: ctx.api });
          location.hash = '#/';
        } catch (err) {
          if (!(err instanceof PendingChangesError)) throw err;
          replace(logoutBox, h('p', { class: 'error' }, `Impossible de se déconnecter : ${err.count} modification${err.count > 1 ? 's' : ''} pas encore envoyée${err.count > 1 ? 's' : ''}. Synchronisez d'abord, avec du réseau.`));
        }
      } } }, 'Se déconnecter'));
  } else {
    out.push(h('p', {}, h('a', { href: '#/connexion' }, 'Connexion à l\'espace pro')));
  }
  return out;
}

// The structures an account works in (docs/structures.md): the active one, the others it may
// switch to, and the switch itself. The server holds a switch at once: from then on a pull
// gives the other structure's caseload and a push of the old one's rows is refused. So a
// switch is refused while changes wait to be sent, and then the device forgets the old
// caseload (every synced store, its cursor and the bookkeeping about it) and syncs afresh.
// Loaded when « Cet appareil » opens (views/device-structure.js).

import { SYNCED_TABLES } from './db.js';
import { ApiError, NetworkError } from './api.js';

// What a switch clears: the caseload (the catalogue too: a clean resync is simplest), the
// drafts and refusals typed about it, and the meta entries that describe it. The account,
// its keys, this device's name and id, the lock and its settings stay.
export const CASELOAD_STORES = [...SYNCED_TABLES, 'drafts', 'rejections', 'views'];
export const CASELOAD_META = ['cursor', 'last_sync', 'last_pull', 'conflicts', 'conflicts_at', 'conflicts_due',
  'erased_people', 'erased_rows', 'integrity', 'kept_figures'];

const plural = (n, one, many) => (n > 1 ? many : one);

// Pure: the structure the account works in, from the signed-in user ({id, name, role} or null).
export function activeStructure(user) {
  if (!user || !user.structure) return null;
  return (user.structures || []).find((s) => s.id === user.structure) || { id: user.structure, name: null, role: user.role };
}

// Pure: the other structures the account may switch to.
export const otherStructures = (user) => (user && user.structures ? user.structures.filter((s) => s.id !== user.structure) : []);

// Pure: why a switch cannot happen now (a French sentence), or null. `changes`: the outbox's
// count; `views`: files opened not yet in the audit log (they belong to the structure left).
export function switchRefusal({ changes = 0, views = 0 } = {}) {
  if (changes > 0) return `Synchronisez d'abord : ${changes} ${plural(changes, 'modification attend', 'modifications attendent')} d'être ${plural(changes, 'envoyée', 'envoyées')}.`;
  if (views > 0) return `Synchronisez d'abord : ${views} ${plural(views, 'consultation de dossier attend', 'consultations de dossiers attendent')} d'être ${plural(views, 'envoyée', 'envoyées')} au journal des accès.`;
  return null;
}

// Remove the caseload held here, in one transaction (the outbox must be empty: checked again
// inside, so a change typed meanwhile is never lost).
export async function clearCaseload(db) {
  await db.tx([...CASELOAD_STORES, 'outbox', 'meta'], 'readwrite', async (t) => {
    const waiting = await t.count('outbox');
    if (waiting) throw new SwitchRefused(switchRefusal({ changes: waiting }));
    for (const store of CASELOAD_STORES) await t.clear(store);
    for (const key of CASELOAD_META) t.queueDelete('meta', key);
  });
  // Figures an older version kept in clear (db.clearAccountData does the same).
  const ls = globalThis.localStorage;
  if (ls) for (const key of Object.keys(ls)) if (key.startsWith('mhj-chiffres-')) ls.removeItem(key);
}

export class SwitchRefused extends Error {
  constructor(message) { super(message); this.name = 'SwitchRefused'; }
}

// Why the server's answer stops the switch, in French.
function failure(err) {
  if (err instanceof NetworkError) return 'Pas de connexion : changer de structure demande le réseau. Réessayez une fois connecté·e.';
  if (err instanceof ApiError && err.status === 403) return 'Ce compte n\'est pas membre de cette structure.';
  if (err instanceof ApiError && err.status === 401) return 'Votre session a expiré : reconnectez-vous, puis changez de structure.';
  return `Le serveur a refusé le changement : ${err.message}`;
}

// Switch to structure `id`: refuse while something waits to be sent, ask the server, forget the
// old caseload, then sync the new one. `ctx`: {db, api, auth, sync, audit, syncNow};
// `say(text)` reports progress. Resolves to {structure, role, sync} or throws SwitchRefused.
export async function switchStructure(ctx, id, say = () => {}) {
  await ctx.sync.idle(); // a run going on may still be sending
  if (ctx.audit) await ctx.audit.flush().catch(() => {});
  const refusal = switchRefusal({ changes: await ctx.db.count('outbox'), views: await ctx.db.count('views') });
  if (refusal) throw new SwitchRefused(refusal);
  say('Changement de structure auprès du serveur…');
  let answer;
  try {
    answer = await ctx.api.post('/api/structures/active', { structure_id: id });
  } catch (err) {
    throw new SwitchRefused(failure(err));
  }
  say('Effacement des dossiers de l\'autre structure sur cet appareil…');
  // A run started meanwhile would store the old cursor again: wait for it, then clear.
  do { await ctx.sync.idle(); await clearCaseload(ctx.db); } while (ctx.sync.state().running);
  await ctx.auth.setUser({ structure: answer.active, role: answer.role, structures: answer.items });
  say('Synchronisation des dossiers de la nouvelle structure…');
  const result = await ctx.syncNow();
  return { structure: activeStructure(ctx.auth.user()), role: answer.role, sync: result };
}

// Refresh the memberships from the server (names or roles changed elsewhere); offline or on an
// error the ones kept from the sign-in stay. Resolves to the user as now kept.
export async function refreshMemberships(ctx) {
  const user = ctx.auth.user();
  if (!user) return user;
  try {
    const mine = await ctx.api.get('/api/structures/mine');
    const own = mine.items.find((s) => s.id === mine.active);
    await ctx.auth.setUser({ structure: mine.active, structures: mine.items, ...(own ? { role: own.role } : {}) });
  } catch { /* kept from the sign-in */ }
  return ctx.auth.user();
}

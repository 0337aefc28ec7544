// Who opened which person's file, for the audit log (RGPD: log who consulted a file). Each
// opening is kept in the `views` store first, so it survives a day offline, and rides along
// the next sync's exchange (sync.js; POST /api/audit/views on its own before logging out),
// idempotent by view id. A view leaves the device only once the server has answered for it;
// offline, or on any error, it waits. Noting a view never starts a sync.

export const VIEWS_PATH = '/api/audit/views';
export const VIEWS_MAX = 500; // views per request
export const AUDIT_ROLES = ['referent', 'coordinator'];

const byTime = (a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

export function createAudit({ db, api, auth, now = () => new Date().toISOString(), uuid = () => crypto.randomUUID(), target = globalThis.window }) {
  // The file on screen: its live refreshes (after a sync) are not new openings; navigating
  // anywhere (hashchange) or reloading ends it.
  let open = null;
  if (target && target.addEventListener) target.addEventListener('hashchange', () => { open = null; });

  // Note that the signed-in user opened this person's file; false when not recorded.
  async function viewed(beneficiaryId) {
    if (!AUDIT_ROLES.includes(auth.role()) || open === beneficiaryId) return false;
    open = beneficiaryId;
    await db.put('views', { id: uuid(), beneficiary_id: beneficiaryId, at: now() });
    return true;
  }

  // The views to send next, oldest first, at most `max` (none for the other roles).
  async function pending(max = VIEWS_MAX) {
    if (!AUDIT_ROLES.includes(auth.role())) return [];
    return (await db.getAll('views')).sort(byTime).slice(0, max);
  }

  // The server answered for these views: they leave the device.
  async function sent(batch) {
    await db.tx('views', 'readwrite', (t) => { for (const v of batch) t.queueDelete('views', v.id); });
  }

  // Send the waiting views on their own (before logging out), in requests of at most
  // VIEWS_MAX; each request's views are deleted once it is answered. Throws (views kept).
  async function flush() {
    let total = 0;
    for (let round = 0; round < 10000; round += 1) {
      const batch = await pending();
      if (!batch.length) break;
      await api.post(VIEWS_PATH, { views: batch.map(({ id, beneficiary_id: b, at }) => ({ id, beneficiary_id: b, at })) });
      await sent(batch);
      total += batch.length;
    }
    return total;
  }

  return { viewed, pending, sent, flush, waiting: () => db.count('views') };
}

// Who opened which person's file, for the audit log (RGPD: log who consulted a file). Each
// opening is kept in the `views` store first, so it survives a day offline, and is sent
// after each sync (POST /api/audit/views, idempotent by view id). A view leaves the device
// only once the server has answered for it; offline, or on any error, it waits.

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

  // Send the waiting views, oldest first, in requests of at most VIEWS_MAX; each request's
  // views are deleted once it is answered. Throws (views kept) on any error.
  async function flush() {
    if (!AUDIT_ROLES.includes(auth.role())) return 0;
    let sent = 0;
    for (let round = 0; round < 10000; round += 1) {
      const batch = (await db.getAll('views')).sort(byTime).slice(0, VIEWS_MAX);
      if (!batch.length) break;
      await api.post(VIEWS_PATH, { views: batch.map(({ id, beneficiary_id: b, at }) => ({ id, beneficiary_id: b, at })) });
      await db.tx('views', 'readwrite', (t) => { for (const v of batch) t.queueDelete('views', v.id); });
      sent += batch.length;
    }
    return sent;
  }

  return { viewed, flush, waiting: () => db.count('views') };
}

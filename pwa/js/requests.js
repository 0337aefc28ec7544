// Public requests made without an account (the call-back form) wait here while offline and
// leave when the network returns. A request is removed only after the server's 201. A refused
// one keeps only why it was refused (never the name and phone it carried), for a day. On a
// signed-in tablet a queued request is sealed (sealed.js): it leaves once the tablet is open.

import { ApiError, NetworkError } from './api.js';

export const REFUSED_KEPT_MS = 24 * 3600 * 1000;

export function createRequestQueue(db, api, { uuid = () => crypto.randomUUID(), now = () => new Date().toISOString() } = {}) {
  let flushing = null;
  const listeners = new Set();
  const notify = () => { for (const fn of listeners) fn(); };

  async function queue(path, body) {
    const item = { id: uuid(), path, body, created_at: now(), error: null };
    await db.put('requests', item);
    notify();
    flush();
    return item;
  }

  async function flushOnce() {
    let sent = 0;
    const all = await db.getAll('requests');
    for (const r of all) if (r.error && Date.parse(now()) - Date.parse(r.refused_at || r.created_at) > REFUSED_KEPT_MS) await db.delete('requests', r.id);
    const items = all.filter((r) => !r.error && !r.locked).sort((a, b) => a.created_at.localeCompare(b.created_at));
    for (const item of items) {
      try {
        await api.publicPost(item.path, item.body);
        await db.delete('requests', item.id);
        sent += 1;
      } catch (err) {
        if (err instanceof NetworkError) break;
        if (err instanceof ApiError && (err.status === 429 || err.status >= 500)) break; // later
        await db.put('requests', { id: item.id, path: item.path, body: null, created_at: item.created_at, refused_at: now(), error: err.message || 'refusée' });
      }
    }
    notify();
    return sent;
  }

  function flush() {
    if (!flushing) flushing = flushOnce().finally(() => { flushing = null; });
    return flushing;
  }

  return {
    queue, flush,
    list: () => db.getAll('requests'),
    remove: async (id) => { await db.delete('requests', id); notify(); },
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}

// Public requests made without an account (the call-back form) wait here while offline and
// leave when the network returns. A request is removed only after the server's 201.

import { ApiError, NetworkError } from './api.js';

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
    const items = (await db.getAll('requests')).filter((r) => !r.error).sort((a, b) => a.created_at.localeCompare(b.created_at));
    for (const item of items) {
      try {
        await api.publicPost(item.path, item.body);
        await db.delete('requests', item.id);
        sent += 1;
      } catch (err) {
        if (err instanceof NetworkError) break;
        if (err instanceof ApiError && (err.status === 429 || err.status >= 500)) break; // later
        await db.put('requests', { ...item, error: err.message || 'refusée' });
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

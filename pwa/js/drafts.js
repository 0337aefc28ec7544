// Form drafts: a form marked data-draft="key" is saved as it is typed and restored when it is
// shown again; saveAll() runs before an update reloads the app. Staff drafts are kept in
// IndexedDB (sealed). The young person's call-back form ('rappel') and self-test ('auto-test')
// are never written to disk:
// on a shared tablet it must not survive for the next visitor. Its draft stays in memory only,
// forgotten after PUBLIC_IDLE_MS without typing, when it is sent, and when the app closes.

import { formValues, setFormValues } from './ui.js';

export const PUBLIC_DRAFTS = new Set(['rappel', 'auto-test']);
export const PUBLIC_IDLE_MS = 10 * 60 * 1000;

export function createDrafts(db, { now = () => Date.now() } = {}) {
  const timers = new Map();
  const memory = new Map(); // key -> {values, at}

  async function save(form) {
    const key = form.dataset.draft;
    if (!key) return;
    if (PUBLIC_DRAFTS.has(key)) { memory.set(key, { values: formValues(form), at: now() }); return; }
    await db.put('drafts', { key, values: formValues(form), at: new Date(now()).toISOString() });
  }

  async function load(key) {
    if (!PUBLIC_DRAFTS.has(key)) return db.get('drafts', key);
    const kept = memory.get(key);
    if (kept && now() - kept.at > PUBLIC_IDLE_MS) { memory.delete(key); return null; }
    return kept || null;
  }

  async function bind(form) {
    const key = form.dataset.draft;
    const saved = await load(key);
    if (saved) setFormValues(form, saved.values);
    form.addEventListener('input', () => {
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => save(form), 400));
    });
    return Boolean(saved);
  }

  async function discard(key) {
    clearTimeout(timers.get(key));
    if (PUBLIC_DRAFTS.has(key)) memory.delete(key); else await db.delete('drafts', key);
  }

  // The young person's drafts go (the tablet was left idle while lent).
  function forgetPublic() { for (const key of PUBLIC_DRAFTS) { clearTimeout(timers.get(key)); memory.delete(key); } }

  async function saveAll() {
    for (const form of document.querySelectorAll('form[data-draft]')) await save(form);
  }

  return { bind, discard, saveAll, save, forgetPublic, load };
}

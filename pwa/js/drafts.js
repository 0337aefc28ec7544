// Form drafts kept in IndexedDB: a form marked data-draft="key" is saved as it is typed and
// restored when it is shown again; saveAll() runs before an update reloads the app.

import { formValues, setFormValues } from './ui.js';

export function createDrafts(db) {
  const timers = new Map();

  async function save(form) {
    const key = form.dataset.draft;
    if (!key) return;
    await db.put('drafts', { key, values: formValues(form), at: new Date().toISOString() });
  }

  async function bind(form) {
    const key = form.dataset.draft;
    const saved = await db.get('drafts', key);
    if (saved) setFormValues(form, saved.values);
    form.addEventListener('input', () => {
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => save(form), 400));
    });
    return Boolean(saved);
  }

  async function discard(key) { clearTimeout(timers.get(key)); await db.delete('drafts', key); }

  async function saveAll() {
    for (const form of document.querySelectorAll('form[data-draft]')) await save(form);
  }

  return { bind, discard, saveAll, save };
}

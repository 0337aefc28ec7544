// A commune field: proposes the official names as one types and keeps the INSEE code in a
// hidden `<name>_code` field. What matches no commune stays text, with a message, never a code.
import { h, replace } from './ui.js';
import { communeLabel, loadTerritory } from './territory.js';

let count = 0;

export const NO_MATCH = 'Aucune commune de la liste ne porte ce nom. Vérifie l\'orthographe ou choisis une commune proposée.';
export const SEVERAL = 'Plusieurs communes portent ce nom : choisis la bonne dans la liste (le nombre est le département).';

// What a typed text designates: { commune } when exactly one, else { problem } (or nothing typed).
export function pick(territory, typed) {
  const text = String(typed ?? '').trim();
  if (!text) return {};
  const labelled = text.match(/^(.*)\((\d{2}|2[AB]|97\d)\)\s*$/);
  const named = territory.named(labelled ? labelled[1] : text)
    .filter((c) => !labelled || communeLabel(c) === `${c.nom} (${labelled[2]})`);
  if (named.length === 1) return { commune: named[0] };
  return { problem: named.length ? SEVERAL : NO_MATCH };
}

export function communePicker({ label, name, territory, value = '', code = '', hint, codeName = `${name}_code` }) {
  count += 1;
  const id = `commune-${count}`;
  const listId = `${id}-liste`;
  const messageId = `${id}-message`;
  const hintId = hint ? `${id}-aide` : null;
  const known = territory.commune(code);
  const input = h('input', {
    id, name, type: 'text', list: listId, autocomplete: 'off', spellcheck: 'false',
    value: known ? communeLabel(known) : value, 'aria-describedby': [hintId, messageId].filter(Boolean).join(' '),
  });
  const hidden = h('input', { type: 'hidden', name: codeName, value: known ? known.code : '' });
  const options = h('datalist', { id: listId });
  const message = h('p', { class: 'field-error', id: messageId, 'aria-live': 'polite' });
  const suggest = () => replace(options, territory.search(input.value, 15)
    .map((c) => h('option', { value: communeLabel(c) }, c.cp.length ? c.cp.join(', ') : null)));
  const settle = () => {
    const found = pick(territory, input.value);
    hidden.value = found.commune ? found.commune.code : '';
    if (found.commune) input.value = communeLabel(found.commune);
    message.textContent = found.problem || '';
    if (found.problem) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  input.addEventListener('input', () => {
    suggest();
    hidden.value = '';
    const found = pick(territory, input.value);
    if (found.commune && communeLabel(found.commune) === input.value) settle();
  });
  input.addEventListener('change', settle);
  if (value && !known) settle();
  return h('div', { class: 'field commune-picker' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input, hidden, options, message);
}

// The fields to save from a picker: { commune, commune_code } (both null when left empty), or
// { problem } when the text names no single commune. A `kept` text (the value stored before
// the list existed) may stay as it is: only new words are refused.
export function communeFields(territory, form, name = 'commune', kept = null, codeName = `${name}_code`) {
  const typed = form.elements[name].value.trim();
  if (!typed) return { fields: { [name]: null, [codeName]: null } };
  const code = form.elements[codeName].value;
  const found = code ? { commune: territory.commune(code) } : pick(territory, typed);
  if (found.commune) return { fields: { [name]: found.commune.nom, [codeName]: found.commune.code } };
  if (kept && typed === kept) return { fields: { [name]: kept } };
  return { problem: found.problem };
}

// The territory with the picker's functions: views load this module when they draw a commune
// field (import()), which keeps it out of the shell every device starts with.
export async function communeKit() {
  return { territory: await loadTerritory(), communePicker, communeFields, pick };
}

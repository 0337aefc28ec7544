// DOM helpers: elements are built with textContent only (no HTML strings from data).

let uid = 0;
export const nextId = (prefix = 'f') => `${prefix}-${++uid}`;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) { el.replaceChildren(); return append(el, children); }

// A labelled form control. kind: input (default), textarea, select, checkbox.
export function field({ label, name, type = 'text', value, required, hint, options, kind, autocomplete, inputmode, min, max, placeholder }) {
  const id = nextId(name);
  const hintId = hint ? `${id}-aide` : null;
  // Off unless asked: the browser must not keep what is typed about a person (autofill, session
  // restore) on a shared tablet.
  const common = { id, name, required, 'aria-describedby': hintId, autocomplete: autocomplete || 'off', inputmode, min, max, placeholder };
  if (kind === 'checkbox' || type === 'checkbox') {
    return h('div', { class: 'field check' },
      h('input', { ...common, type: 'checkbox', checked: Boolean(value) }),
      h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
  }
  let control;
  if (kind === 'textarea') control = h('textarea', { ...common, rows: 3 }, value ?? '');
  else if (kind === 'select' || options) {
    control = h('select', common, (options || []).map(([v, text]) => h('option', { value: v, selected: String(value ?? '') === String(v) }, text)));
  } else control = h('input', { ...common, type, value: value ?? '' });
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control);
}

// A group of radio buttons in a fieldset.
export function radios({ legend, name, options, value, hint, inline = true }) {
  return h('fieldset', { class: inline ? 'radios inline' : 'radios' }, h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    options.map(([v, text]) => {
      const id = nextId(name);
      return h('span', { class: 'radio' }, h('input', { type: 'radio', id, name, value: String(v), checked: value !== undefined && value !== null && String(value) === String(v) }), h('label', { for: id }, text));
    }));
}

// Form values as an object: checkboxes give booleans, empty strings are left out.
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') { if (el.checked) out[el.name] = el.value; }
    else if (el.value !== '') out[el.name] = el.value.trim();
  }
  return out;
}

export function setFormValues(form, values) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in values)) continue;
    if (el.type === 'checkbox') el.checked = Boolean(values[el.name]);
    else if (el.type === 'radio') el.checked = String(values[el.name]) === el.value;
    else el.value = values[el.name];
  }
}

// Messages for screen readers and sighted users alike (the #annonces live region).
export function announce(message, kind = 'info') {
  const box = document.getElementById('annonces');
  if (!box) return;
  const p = h('p', { class: `toast ${kind}` }, message);
  box.append(p);
  setTimeout(() => p.remove(), 6000);
}

// A modal question; resolves true (confirm) or false. Keyboard: Escape cancels.
export function ask(message, { ok = 'Confirmer', cancel = 'Annuler', title = 'Confirmation' } = {}) {
  return new Promise((resolve) => {
    const titleId = nextId('dlg');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title), h('p', {}, message));
    const done = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    const buttons = h('div', { class: 'actions' },
      cancel ? h('button', { type: 'button', class: 'secondary', on: { click: () => done(false) } }, cancel) : null,
      h('button', { type: 'button', on: { click: () => done(true) } }, ok));
    dialog.append(buttons);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

const TZ = 'Europe/Paris';
// Formatters are made once per set of options: making one costs far more than using it, and
// « Aujourd'hui » formats hundreds of dates (bench/followup_bench.py).
const FORMATS = new Map();
const fmt = (opts) => {
  const key = JSON.stringify(opts);
  if (!FORMATS.has(key)) FORMATS.set(key, new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, ...opts }));
  return FORMATS.get(key);
};
export const fmtDate = (iso) => (iso ? fmt({ weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '');
export const fmtShortDate = (iso) => (iso ? fmt({ day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '');
export const fmtTime = (iso) => (iso ? fmt({ hour: '2-digit', minute: '2-digit' }).format(new Date(iso)) : '');
export const fmtDateTime = (iso) => (iso ? `${fmtDate(iso)} à ${fmtTime(iso)}` : '');

// The local calendar day (Europe/Paris) of an ISO date-time, as YYYY-MM-DD.
let dayFormat = null;
export function localDay(iso = new Date().toISOString()) {
  dayFormat = dayFormat || new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  return dayFormat.format(new Date(iso));
}

// Accent- and case-insensitive text for searching.
export function normalize(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

export function uuid() { return crypto.randomUUID(); }

export function fullName(p) { return [p.first_name, p.last_name].filter(Boolean).join(' ') || 'Sans nom'; }

export function ageFrom(birthDate, today = localDay()) {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - y - ((tm < m || (tm === m && td < d)) ? 1 : 0);
}

export function emptyState(text) { return h('p', { class: 'empty' }, text); }

export function backLink(href, text = 'Retour') { return h('p', { class: 'back' }, h('a', { href }, `← ${text}`)); }

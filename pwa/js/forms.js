// Typed form reading and change detection: only changed fields go to the outbox, and a
// cleared field is sent as null.

export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const CONVERT = {
  text: (v) => (v === undefined || v === '' ? null : String(v).trim() || null),
  int: (v) => (v === undefined || v === '' ? null : Number.parseInt(v, 10)),
  float: (v) => (v === undefined || v === '' ? null : Number.parseFloat(String(v).replace(',', '.'))),
  bool: (v) => Boolean(v),
  // A select « Oui / Non / Non renseigné »: unknown stays unknown, never "no".
  yesno: (v) => (v === 'true' ? true : v === 'false' ? false : null),
  moment: (v) => fromLocalInput(v),
  list: (v) => (v ? String(v).split(/[,;\n]/).map((s) => s.trim()).filter(Boolean) : []),
};

// Read the named controls of a form with their types: {name: 'text'|'int'|'float'|'bool'|'yesno'|'moment'|'list'|'checks'}.
export function readForm(form, spec) {
  const out = {};
  for (const [name, type] of Object.entries(spec)) {
    if (type === 'checks') { out[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value); continue; }
    const el = form.elements[name];
    if (!el) continue;
    if (el instanceof RadioNodeList) { out[name] = CONVERT[type](el.value); continue; }
    out[name] = CONVERT[type](el.type === 'checkbox' ? el.checked : el.value);
  }
  return out;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// The fields whose value differs from the original row (all non-empty ones for a new row).
export function changedFields(original, values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (!original) { if (v !== null && !(Array.isArray(v) && !v.length)) out[k] = v; continue; }
    if (!same(original[k], v) && !(original[k] == null && (v === false || (Array.isArray(v) && !v.length)))) out[k] = v;
  }
  return out;
}

export const today = () => new Date().toISOString().slice(0, 10);

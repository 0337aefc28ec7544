// Referent: what came of the follow-up for a person (code or licence obtained, training, job,
// back to school): the list on their file, and the form to record, correct or remove one.
// Everything is saved on the device first (outbox), like the rest of the file.
import { h, field, emptyState, backLink, fullName, fmtShortDate, localDay, uuid, announce, ask, replace } from '../ui.js';
import { OUTCOME_KINDS, options, label } from '../labels.js';
import { readForm, changedFields } from '../forms.js';

// The « Avancées » part of a person's file, newest first.
export function outcomesSection(personId, outcomes) {
  const sorted = [...outcomes].sort((a, b) => String(b.date).localeCompare(String(a.date)));
  return [
    h('h2', { id: 'titre-avancees' }, 'Avancées'),
    h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/ref/jeune/${personId}/avancee` }, 'Noter une avancée')),
    sorted.length ? h('ul', { class: 'list', id: 'avancees', 'aria-labelledby': 'titre-avancees' }, sorted.map((o) => h('li', {},
      h('span', {}, h('strong', {}, label(OUTCOME_KINDS, o.kind)), ` · le ${fmtShortDate(o.date)}`, o.notes ? ` · ${o.notes}` : ''),
      h('a', { class: 'button small secondary', href: `#/ref/avancee/${o.id}`, 'aria-label': `Modifier « ${label(OUTCOME_KINDS, o.kind)} » du ${fmtShortDate(o.date)}` }, 'Modifier'))))
      : emptyState('Aucune avancée notée pour l\'instant.'),
  ];
}

const SPEC = { kind: 'text', date: 'text', notes: 'text' };

// New outcome for person `id`, or the outcome `outcome` to correct.
export async function outcomeForm(ctx, { id, outcome: outcomeId }) {
  const existing = outcomeId ? await ctx.db.get('outcomes', outcomeId) : null;
  if (outcomeId && !existing) return [backLink('#/ref/jeunes', 'Jeunes'), h('h1', {}, 'Avancée introuvable')];
  const personId = existing ? existing.beneficiary_id : id;
  const person = await ctx.db.get('beneficiaries', personId);
  if (!person) return [backLink('#/ref/jeunes', 'Jeunes'), h('h1', {}, 'Fiche introuvable')];
  const o = existing || {};
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form', id: 'avancee' },
    field({ label: 'Ce qui a changé', name: 'kind', required: true, options: options(OUTCOME_KINDS, { empty: '— choisir —' }), value: o.kind }),
    field({ label: 'Date', name: 'date', type: 'date', required: true, value: o.date || localDay() }),
    field({ label: 'Précisions (facultatif)', name: 'notes', kind: 'textarea', value: o.notes, hint: 'Ex. « CDD de 6 mois chez un artisan ». Pas d\'information de santé.' }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Noter l\'avancée'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, SPEC);
    const problems = [];
    if (!values.kind) problems.push('Choisissez ce qui a changé.');
    if (!values.date || !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) problems.push('La date est obligatoire (jj/mm/aaaa).');
    else if (values.date > localDay()) problems.push('Une avancée se note une fois obtenue : la date ne peut pas être dans le futur.');
    if (problems.length) { replace(errors, problems.map((t) => h('p', {}, t))); errors.focus(); return; }
    const fields = changedFields(existing, values);
    if (!existing) fields.beneficiary_id = personId;
    if (Object.keys(fields).length) await ctx.save('outcomes', existing ? existing.id : uuid(), fields, { baseVersion: existing ? existing._version : undefined });
    announce('Avancée enregistrée.', 'ok');
    location.hash = `#/ref/jeune/${personId}`;
  });
  const remove = existing ? h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'supprimer-avancee', on: { click: async () => {
    if (!(await ask(`Supprimer l'avancée « ${label(OUTCOME_KINDS, o.kind)} » du ${fmtShortDate(o.date)} ?`, { ok: 'Supprimer' }))) return;
    await ctx.save('outcomes', existing.id, {}, { op: 'delete', baseVersion: existing._version });
    announce('Avancée supprimée.', 'ok');
    location.hash = `#/ref/jeune/${personId}`;
  } } }, 'Supprimer cette avancée')) : null;
  return [backLink(`#/ref/jeune/${personId}`, fullName(person)),
    h('h1', {}, existing ? `Modifier une avancée : ${fullName(person)}` : `Noter une avancée : ${fullName(person)}`), form, remove];
}

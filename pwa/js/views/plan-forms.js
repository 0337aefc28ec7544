// Referent: the forms of a person's plan — an objective (tied to a barrier and a stage of the
// latest diagnostic) and a step (from a suggested offer or written freely, with a due date,
// who carries it and a status). Saved on the device first, like the rest of the file.
import { h, field, radios, backLink, fullName, fmtShortDate, localDay, uuid, announce, ask, replace, nextId } from '../ui.js';
import { STAGES, STEP_STATUS, STEP_CARRIERS, OBJECTIVE_STATUS, BARRIERS, options, label } from '../labels.js';
import { readForm, changedFields } from '../forms.js';
import { suggestOffers } from '../diagnostic.js';
import { latestDiagnostic, barriersFound } from './plan.js';

// An objective worded for the young person, per barrier (the referent may rewrite it).
export const OBJECTIVE_HINTS = {
  financier: 'Trouver comment payer mes déplacements',
  psychologique: 'Prendre confiance pour me déplacer seul·e',
  numerique: 'Savoir utiliser une appli pour trouver mon trajet',
  'lecture-langue': 'Comprendre les horaires et les panneaux',
  administratif: 'Faire les papiers pour le permis ou les aides',
  familial: 'Organiser mes trajets avec ma famille',
  territorial: 'Trouver un moyen de transport aux heures dont j\'ai besoin',
};

const missing = (what) => [backLink('#/ref/jeunes', 'Jeunes'), h('h1', {}, `${what} introuvable`)];

function errorsBox() { return h('div', { class: 'errors', role: 'alert', tabindex: '-1' }); }
function showErrors(box, problems) { replace(box, problems.map((t) => h('p', {}, t))); box.focus(); }

function removeButton(id, text, question, onYes) {
  return h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id, on: { click: async () => {
    if (await ask(question, { ok: 'Supprimer' })) await onYes();
  } } }, text));
}

const OBJECTIVE_SPEC = { label: 'text', barrier: 'text', stage: 'text', status: 'text' };

export async function objectiveForm(ctx, { id, objective: objectiveId }, { query } = {}) {
  const existing = objectiveId ? await ctx.db.get('objectives', objectiveId) : null;
  if (objectiveId && !existing) return missing('Objectif');
  const pid = existing ? existing.beneficiary_id : id;
  const person = await ctx.db.get('beneficiaries', pid);
  if (!person) return missing('Fiche');
  const latest = latestDiagnostic(await ctx.db.getAll('diagnostics', 'beneficiary_id', pid));
  const found = barriersFound(latest);
  const o = existing || {};
  const barrier = o.barrier || (query && query.get('frein')) || '';
  const barrierOptions = [['', '— aucun frein en particulier —'],
    ...found.map((b) => [b, `${BARRIERS[b]} (repéré au diagnostic)`]),
    ...Object.keys(BARRIERS).filter((b) => !found.includes(b)).map((b) => [b, BARRIERS[b]])];
  const errors = errorsBox();
  const form = h('form', { class: 'form', id: 'objectif' },
    field({ label: 'Frein visé', name: 'barrier', options: barrierOptions, value: barrier, hint: latest ? `Freins du diagnostic du ${fmtShortDate(latest.date)} en premier.` : 'Pas encore de diagnostic pour cette personne.' }),
    field({ label: 'L\'objectif, en mots simples', name: 'label', required: true, value: o.label || OBJECTIVE_HINTS[barrier] || '', hint: 'Il sera lu par le ou la jeune sur son plan.' }),
    field({ label: 'Étape du parcours', name: 'stage', options: options(STAGES, { empty: '—' }), value: o.stage || (latest && latest.stage) || '' }),
    field({ label: 'Où en est-il ?', name: 'status', options: options(OBJECTIVE_STATUS), value: o.status || 'en-cours' }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Ajouter l\'objectif'));
  // Choosing a barrier proposes its wording while the referent has not written her own.
  const labelInput = form.elements.label;
  form.elements.barrier.addEventListener('change', (e) => {
    if (!labelInput.value.trim() || Object.values(OBJECTIVE_HINTS).includes(labelInput.value)) labelInput.value = OBJECTIVE_HINTS[e.target.value] || '';
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, OBJECTIVE_SPEC);
    if (!values.label) { showErrors(errors, ['Écrivez l\'objectif.']); return; }
    values.status = values.status || 'en-cours';
    values.reached_at = values.status === 'atteint' ? (o.reached_at || localDay()) : null;
    const fields = changedFields(existing, values);
    if (!existing) Object.assign(fields, { beneficiary_id: pid, ...(latest ? { diagnostic_id: latest.id } : {}) });
    if (Object.keys(fields).length) await ctx.save('objectives', existing ? existing.id : uuid(), fields, { baseVersion: existing ? existing._version : undefined });
    announce('Objectif enregistré.', 'ok');
    location.hash = `#/ref/jeune/${pid}`;
  });
  const remove = existing ? removeButton('supprimer-objectif', 'Supprimer cet objectif', `Supprimer l'objectif « ${o.label} » ? Ses étapes restent dans le plan.`, async () => {
    await ctx.save('objectives', existing.id, {}, { op: 'delete', baseVersion: existing._version });
    announce('Objectif supprimé.', 'ok');
    location.hash = `#/ref/jeune/${pid}`;
  }) : null;
  return [backLink(`#/ref/jeune/${pid}`, fullName(person)),
    h('h1', {}, existing ? `Modifier un objectif : ${fullName(person)}` : `Nouvel objectif : ${fullName(person)}`), form, remove];
}

// The catalogue's offers as a select: those the latest diagnostic suggests first.
function offerSelect(offers, suggested, value) {
  const id = nextId('offre');
  const hintId = `${id}-aide`;
  const opt = (o) => h('option', { value: o.id, selected: o.id === value }, o.nom);
  const others = offers.filter((o) => !suggested.includes(o)).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  return h('div', { class: 'field' }, h('label', { for: id }, 'Offre du catalogue (facultatif)'),
    h('p', { class: 'hint', id: hintId }, 'Choisir une offre reprend son nom et sa structure ; sinon, écrivez l\'étape librement.'),
    h('select', { id, name: 'offer_id', 'aria-describedby': hintId },
      h('option', { value: '' }, '— aucune : étape écrite librement —'),
      suggested.length ? h('optgroup', { label: 'Proposées par le diagnostic' }, suggested.map(opt)) : null,
      others.length ? h('optgroup', { label: 'Autres offres' }, others.map(opt)) : null));
}

const STEP_SPEC = { objective_id: 'text', offer_id: 'text', label: 'text', due_date: 'text', carried_by: 'text', partner_id: 'text', status: 'text' };

export async function stepForm(ctx, { id, step: stepId }, { query } = {}) {
  const existing = stepId ? await ctx.db.get('action_steps', stepId) : null;
  if (stepId && !existing) return missing('Étape');
  const pid = existing ? existing.beneficiary_id : id;
  const person = await ctx.db.get('beneficiaries', pid);
  if (!person) return missing('Fiche');
  const [objectives, diags, offers, partners] = await Promise.all([ctx.db.getAll('objectives', 'beneficiary_id', pid),
    ctx.db.getAll('diagnostics', 'beneficiary_id', pid), ctx.db.getAll('offers'), ctx.db.getAll('partners')]);
  const latest = latestDiagnostic(diags);
  const suggested = latest ? suggestOffers(latest.answers || {}, offers) : [];
  const s = existing || {};
  const objectiveId = s.objective_id || (query && query.get('objectif')) || '';
  const errors = errorsBox();
  const form = h('form', { class: 'form', id: 'etape' },
    field({ label: 'Objectif servi', name: 'objective_id', options: [['', '— aucun —'], ...objectives.map((o) => [o.id, o.label])], value: objectiveId }),
    offerSelect(offers, suggested, s.offer_id),
    field({ label: 'Ce qu\'il y a à faire', name: 'label', value: s.label, hint: 'En mots simples : le ou la jeune le lira. Vide : le nom de l\'offre choisie.' }),
    field({ label: 'Pour quand ?', name: 'due_date', type: 'date', value: s.due_date }),
    radios({ legend: 'Qui s\'en charge ?', name: 'carried_by', options: options(STEP_CARRIERS), value: s.carried_by || 'jeune' }),
    field({ label: 'Partenaire (quand un partenaire s\'en charge)', name: 'partner_id', options: [['', '—'], ...[...partners].sort((a, b) => a.nom.localeCompare(b.nom, 'fr')).map((p) => [p.id, p.nom])], value: s.partner_id }),
    field({ label: 'Statut', name: 'status', options: options(STEP_STATUS), value: s.status || 'a-faire' }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Ajouter l\'étape'));
  form.elements.offer_id.addEventListener('change', (e) => {
    const offer = offers.find((o) => o.id === e.target.value);
    if (offer && offer.structure_id && !form.elements.partner_id.value) form.elements.partner_id.value = offer.structure_id;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, STEP_SPEC);
    const offer = offers.find((o) => o.id === values.offer_id);
    if (!values.label && offer) values.label = offer.nom;
    const problems = [];
    if (!values.label) problems.push('Écrivez l\'étape ou choisissez une offre.');
    if (values.due_date && !/^\d{4}-\d{2}-\d{2}$/.test(values.due_date)) problems.push('La date d\'échéance n\'est pas une date.');
    if (problems.length) { showErrors(errors, problems); return; }
    values.done_at = values.status === 'fait' ? (s.done_at || localDay()) : null;
    const objective = objectives.find((o) => o.id === values.objective_id);
    const fields = changedFields(existing, values);
    if (!existing) Object.assign(fields, { beneficiary_id: pid, ...((objective && objective.stage) || (latest && latest.stage) ? { stage: (objective && objective.stage) || latest.stage } : {}) });
    if (Object.keys(fields).length) await ctx.save('action_steps', existing ? existing.id : uuid(), fields, { baseVersion: existing ? existing._version : undefined });
    announce('Étape enregistrée.', 'ok');
    location.hash = `#/ref/jeune/${pid}`;
  });
  const remove = existing ? removeButton('supprimer-etape', 'Supprimer cette étape', `Supprimer l'étape « ${s.label} » ?`, async () => {
    await ctx.save('action_steps', existing.id, {}, { op: 'delete', baseVersion: existing._version });
    announce('Étape supprimée.', 'ok');
    location.hash = `#/ref/jeune/${pid}`;
  }) : null;
  return [backLink(`#/ref/jeune/${pid}`, fullName(person)),
    h('h1', {}, existing ? `Modifier une étape : ${fullName(person)}` : `Nouvelle étape : ${fullName(person)}`), form, remove];
}


// Coordination: trainings in the mobility diagnostic (sessions of kind "formation") and the
// professionals trained (synced table `trainees`). Everything works offline, through the outbox.
import { h, replace, field, emptyState, fmtDate, fmtTime, backLink, uuid, announce } from '../ui.js';
import { readForm, toLocalInput } from '../forms.js';
import { trainingSessions, trainedPerPartner } from '../trainings.js';
import { dataTable } from './dashboard-figures.js';
import { holderName } from './legal.js';

const byName = (a, b) => String(a.nom || '').localeCompare(String(b.nom || ''), 'fr');

function newSessionForm(ctx) {
  const start = new Date(); start.setMinutes(0, 0, 0); start.setDate(start.getDate() + 7); start.setHours(9);
  const errors = h('p', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form narrow', id: 'nouvelle-formation' },
    field({ label: 'Titre', name: 'title', required: true, value: 'Formation au diagnostic mobilité' }),
    field({ label: 'Début', name: 'starts_at', type: 'datetime-local', required: true, value: toLocalInput(start.toISOString()) }),
    // Most trainings take place at the structure: its name, never another one's.
    field({ label: 'Lieu', name: 'place', value: holderName(ctx.auth.user()) || '' }),
    errors, h('button', { type: 'submit' }, 'Créer la formation'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, { title: 'text', starts_at: 'moment', place: 'text' });
    if (!v.title || !v.starts_at) { errors.textContent = 'Le titre et le début sont obligatoires.'; errors.focus(); return; }
    const id = uuid();
    await ctx.save('sessions', id, { kind: 'formation', ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) });
    announce('Formation créée.', 'ok');
    location.hash = `#/bureau/formation/${id}`;
  });
  return h('details', { class: 'panel' }, h('summary', {}, 'Nouvelle formation'), form);
}

export async function trainings(ctx) {
  const [sessions, trainees, partners] = await Promise.all([ctx.db.getAll('sessions'), ctx.db.getAll('trainees'), ctx.db.getAll('partners')]);
  const list = trainingSessions(sessions);
  const perSession = new Map();
  for (const t of trainees) perSession.set(t.session_id, (perSession.get(t.session_id) || 0) + 1);
  const counts = trainedPerPartner(trainees, list, partners);
  const total = counts.reduce((sum, c) => sum + c.people, 0);
  return [
    h('h1', {}, 'Formations au diagnostic'),
    h('p', {}, 'Les professionnel·les des partenaires formé·es au diagnostic mobilité. Ajout et retrait possibles sans réseau.'),
    newSessionForm(ctx),
    h('h2', {}, 'Séances de formation'),
    list.length ? h('ul', { class: 'list', id: 'formations' }, list.map((s) => h('li', {},
      h('a', { href: `#/bureau/formation/${s.id}` }, `${s.title || 'Formation'} — ${fmtDate(s.starts_at)}`),
      h('span', {}, `${perSession.get(s.id) || 0} participant·e(s)`)))) : emptyState('Aucune formation pour l\'instant.'),
    h('h2', {}, 'Professionnels formés'),
    h('p', { id: 'formes-total' }, `${total} professionnel·le(s) formé·e(s) en tout (une personne compte une fois par organisation).`),
    dataTable('t-formes', 'Professionnels formés par organisation', ['Organisation', 'Personnes formées'], counts.map((c) => [c.name, c.people]), 'Personne n\'est encore inscrit·e à une formation.'),
  ];
}

export async function trainingSession(ctx, { id }) {
  const session = await ctx.db.get('sessions', id);
  if (!session || session.kind !== 'formation') return [backLink('#/bureau/formations', 'Formations'), h('h1', {}, 'Formation introuvable'), emptyState('Elle a peut-être été supprimée.')];
  const partners = (await ctx.db.getAll('partners')).sort(byName);
  const names = new Map(partners.map((p) => [p.id, p.nom]));
  const list = h('ul', { class: 'list', id: 'participants' });
  const title = h('h2', { id: 'participants-titre' });

  async function draw() {
    const rows = (await ctx.db.getAll('trainees', 'session_id', id)).sort((a, b) => String(a.name).localeCompare(String(b.name), 'fr'));
    title.textContent = `Participant·es : ${rows.length}`;
    replace(list, rows.length ? rows.map((t) => h('li', {},
      h('span', {}, h('strong', {}, t.name), [t.job_title, t.partner_id ? names.get(t.partner_id) || 'Organisation inconnue' : null].filter(Boolean).map((x) => ` · ${x}`).join('')),
      h('button', { type: 'button', class: 'small secondary', on: { click: () => remove(t) } }, `Retirer ${t.name}`))) : h('li', {}, emptyState('Personne pour l\'instant.')));
  }

  async function remove(t) {
    await ctx.save('trainees', t.id, {}, { op: 'delete', baseVersion: t._version });
    announce(`${t.name} retiré·e de la formation.`, 'ok');
    await draw();
    title.setAttribute('tabindex', '-1');
    title.focus();
  }

  const errors = h('p', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form narrow', id: 'ajout-participant' },
    h('h2', {}, 'Ajouter un·e participant·e'),
    field({ label: 'Nom et prénom', name: 'name', required: true, autocomplete: 'off' }),
    field({ label: 'Organisation', name: 'partner_id', options: [['', '— Aucune ou autre —'], ...partners.map((p) => [p.id, p.nom])] }),
    field({ label: 'Fonction', name: 'job_title', autocomplete: 'off', hint: 'Ex. « Conseillère en insertion »' }),
    errors, h('button', { type: 'submit' }, 'Ajouter'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, { name: 'text', partner_id: 'text', job_title: 'text' });
    if (!v.name) { errors.textContent = 'Le nom est obligatoire.'; form.elements.name.focus(); return; }
    errors.textContent = '';
    await ctx.save('trainees', uuid(), { session_id: id, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)) });
    announce(`${v.name} ajouté·e à la formation.`, 'ok');
    form.elements.name.value = '';
    form.elements.job_title.value = '';
    await draw();
    form.elements.name.focus();
  });
  await draw();
  return [
    backLink('#/bureau/formations', 'Formations'),
    h('h1', {}, session.title || 'Formation'),
    h('p', {}, `${fmtDate(session.starts_at)}, ${fmtTime(session.starts_at)}${session.place ? ` · ${session.place}` : ''} · `, h('a', { href: `#/ref/seance/${id}/modifier` }, 'Modifier la séance')),
    title, list, form,
  ];
}

// Referent: today's sessions (drop-ins, workshops), the next ones, what of the follow-up is
// due (plan steps overdue or due within 7 days, referrals « à relancer »), and the session form.
import { h, field, emptyState, fmtDate, fmtShortDate, fmtTime, localDay, backLink, fullName, uuid, announce } from '../ui.js';
import { SESSION_KINDS, SESSION_ACTIONS, STEP_CARRIERS, options, label } from '../labels.js';
import { readForm, changedFields, toLocalInput } from '../forms.js';
import { dueSteps, referralTimers } from '../due.js';

function sessionItem(s, counts) {
  return h('li', { class: 'card' },
    h('h3', {}, h('a', { href: `#/ref/seance/${s.id}` }, s.title || 'Séance')),
    h('p', {}, `${fmtTime(s.starts_at)}${s.ends_at ? ` – ${fmtTime(s.ends_at)}` : ''} · ${label(SESSION_KINDS, s.kind)}${s.place ? ` · ${s.place}` : ''}`),
    h('p', {}, `${counts.get(s.id) || 0} présent·e(s)${s.anonymous_count ? ` + ${s.anonymous_count} sans inscription` : ''}`));
}

const SHOWN = 30;

// The follow-up due: steps overdue or within 7 days (with whose they are), referrals to chase.
async function followUp(ctx, day) {
  const [steps, referrals] = await Promise.all([ctx.db.getAll('action_steps'), ctx.db.getAll('referrals')]);
  const due = dueSteps(steps, day);
  // The most recently overdue first, and at most SHOWN per list: a long caseload's forgotten
  // plans must not bury this week's work (bench/followup_bench.py).
  const overdue = [...due.overdue].reverse().slice(0, SHOWN);
  const week = due.week.slice(0, SHOWN);
  const more = (n, what) => (n > SHOWN ? h('p', { class: 'hint' }, `… et ${n - SHOWN} ${what} de plus, sur les fiches.`) : null);
  // Their people, read in one transaction.
  const ids = [...new Set([...overdue, ...week].map((s) => s.beneficiary_id))];
  const people = await ctx.db.tx('beneficiaries', 'readonly', (t) => Promise.all(ids.map((id) => t.get('beneficiaries', id))));
  const names = new Map(ids.map((id, i) => [id, people[i]]));
  const stepItem = (s) => h('li', {},
    h('span', {}, h('a', { href: `#/ref/jeune/${s.beneficiary_id}` }, names.get(s.beneficiary_id) ? fullName(names.get(s.beneficiary_id)) : 'Fiche'), ` · ${s.label}`),
    h('span', {}, `pour le ${fmtShortDate(s.due_date)}${s.carried_by ? ` · ${label(STEP_CARRIERS, s.carried_by)}` : ''}`));
  const waiting = referrals.map((r) => [r, referralTimers(r, day, localDay)]).filter(([, t]) => t && t.chase);
  const chase = waiting.slice(0, SHOWN);
  return [
    h('h2', {}, 'À relancer'),
    chase.length ? h('ul', { class: 'list', id: 'a-relancer' }, chase.map(([r, t]) => h('li', {},
      h('span', {}, h('a', { href: `#/ref/orientations?orientation=${r.id}` }, `${r.first_name} ${r.last_name}`), ' · orientation sans réponse'),
      h('span', {}, [t.sent ? `reçue le ${fmtShortDate(t.sent)}` : '', t.expiresOn ? `expire le ${fmtShortDate(t.expiresOn)}` : ''].filter(Boolean).join(' · '))))) : emptyState('Aucune orientation n\'attend depuis 10 jours.'),
    more(waiting.length, 'orientations à relancer'),
    h('h2', {}, 'Étapes en retard'),
    overdue.length ? h('ul', { class: 'list', id: 'etapes-en-retard' }, overdue.map(stepItem)) : emptyState('Aucune étape en retard.'),
    more(due.overdue.length, 'étapes en retard'),
    h('h2', {}, 'Étapes des 7 prochains jours'),
    week.length ? h('ul', { class: 'list', id: 'etapes-semaine' }, week.map(stepItem)) : emptyState('Aucune étape prévue cette semaine.'),
    more(due.week.length, 'étapes cette semaine'),
  ];
}

export async function today(ctx) {
  const [sessions, attendances] = await Promise.all([ctx.db.getAll('sessions'), ctx.db.getAll('attendances')]);
  const counts = new Map();
  for (const a of attendances) if (a.present !== false) counts.set(a.session_id, (counts.get(a.session_id) || 0) + 1);
  const day = localDay();
  const sorted = sessions.filter((s) => s.starts_at).sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  const todays = sorted.filter((s) => localDay(s.starts_at) === day);
  const next = sorted.filter((s) => localDay(s.starts_at) > day).slice(0, 10);
  const past = sorted.filter((s) => localDay(s.starts_at) < day).reverse().slice(0, 10);
  return [
    h('h1', {}, `Aujourd'hui, ${fmtDate(new Date().toISOString())}`),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/ref/seance-nouvelle' }, 'Nouvelle séance'), h('a', { class: 'button secondary', href: '#/ref/jeune-nouveau' }, 'Nouveau·elle jeune'), h('a', { class: 'button secondary', href: '#/ref/contact-nouveau' }, 'Noter un contact')),
    h('h2', {}, 'Séances du jour'),
    todays.length ? h('ul', { class: 'cards' }, todays.map((s) => sessionItem(s, counts))) : emptyState('Pas de séance aujourd\'hui.'),
    await followUp(ctx, day),
    h('h2', {}, 'Prochaines séances'),
    next.length ? h('ul', { class: 'cards' }, next.map((s) => h('li', { class: 'card' }, h('h3', {}, h('a', { href: `#/ref/seance/${s.id}` }, s.title)), h('p', {}, `${fmtDate(s.starts_at)} à ${fmtTime(s.starts_at)}${s.place ? ` · ${s.place}` : ''}`)))) : emptyState('Aucune séance prévue.'),
    past.length ? [h('h2', {}, 'Séances passées'), h('ul', { class: 'list' }, past.map((s) => h('li', {}, h('a', { href: `#/ref/seance/${s.id}` }, `${s.title} — ${fmtDate(s.starts_at)}`), `${counts.get(s.id) || 0} présent·e(s)`)))] : null,
  ];
}

const SPEC = { title: 'text', kind: 'text', action: 'text', starts_at: 'moment', ends_at: 'moment', place: 'text', public: 'bool', notes: 'text' };

export async function sessionForm(ctx, { id }) {
  const existing = id ? await ctx.db.get('sessions', id) : null;
  const s = existing || {};
  const start = new Date(); start.setMinutes(0, 0, 0); start.setHours(start.getHours() + 1);
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form', 'data-draft': `seance-${id || 'nouvelle'}` },
    field({ label: 'Titre', name: 'title', required: true, value: s.title, hint: 'Ex. « Permanence Restos du Cœur »' }),
    field({ label: 'Type', name: 'kind', required: true, options: options(SESSION_KINDS), value: s.kind || 'permanence' }),
    field({ label: 'Action (chiffres clés)', name: 'action', options: options(SESSION_ACTIONS, { empty: '—' }), value: s.action }),
    field({ label: 'Début', name: 'starts_at', type: 'datetime-local', required: true, value: toLocalInput(s.starts_at || start.toISOString()) }),
    field({ label: 'Fin', name: 'ends_at', type: 'datetime-local', value: toLocalInput(s.ends_at) }),
    field({ label: 'Lieu', name: 'place', value: s.place, hint: 'Lieu et adresse, visibles par les jeunes si la séance est publique.' }),
    field({ label: 'Montrer cette séance aux jeunes (permanence publique)', name: 'public', type: 'checkbox', value: s.public }),
    field({ label: 'Notes', name: 'notes', kind: 'textarea', value: s.notes }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Créer la séance'));
  if (!existing) await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, SPEC);
    if (!values.title || !values.starts_at) { errors.textContent = 'Le titre et le début sont obligatoires.'; errors.focus(); return; }
    if (values.ends_at && values.ends_at < values.starts_at) { errors.textContent = 'La fin doit venir après le début.'; errors.focus(); return; }
    const rowId = id || uuid();
    const fields = changedFields(existing, values);
    if (Object.keys(fields).length) await ctx.save('sessions', rowId, fields, { baseVersion: existing ? existing._version : undefined });
    await ctx.drafts.discard(form.dataset.draft);
    announce('Séance enregistrée.', 'ok');
    location.hash = `#/ref/seance/${rowId}`;
  });
  return [backLink(id ? `#/ref/seance/${id}` : '#/ref'), h('h1', {}, existing ? 'Modifier la séance' : 'Nouvelle séance'), form];
}

// Referent: a person's action plan in the Carnet de bord shape, on their file — objectives
// tied to the diagnostic's barriers and stage, and the steps that serve them (from a suggested
// offer or written freely) with a due date, a status and who carries it.
import { h, emptyState, fmtShortDate, localDay, announce } from '../ui.js';
import { STAGES, STEP_STATUS, STEP_CARRIERS, OBJECTIVE_STATUS, BARRIERS, options, label } from '../labels.js';
import { isOpenStep } from '../due.js';

// The person's latest diagnostic (the plan follows what it found).
export const latestDiagnostic = (diags) => [...diags].sort((a, b) => String(b.date).localeCompare(String(a.date)))[0] || null;

// The barriers a diagnostic found (severity 1 or more), strongest first. Health is not one:
// it is a yes/no flag that no plan names.
export function barriersFound(d) {
  const b = (d && d.answers && d.answers.barriers) || {};
  return Object.keys(BARRIERS).filter((k) => Number(b[k]) > 0).sort((x, y) => b[y] - b[x]);
}

// The steps grouped under their objective; steps of no (or an unknown) objective apart.
export function groupSteps(objectives, steps) {
  const known = new Set(objectives.map((o) => o.id));
  const by = new Map(objectives.map((o) => [o.id, []]));
  const loose = [];
  const order = (a, b) => String(a.due_date || '9').localeCompare(String(b.due_date || '9')) || String(a.label).localeCompare(String(b.label), 'fr');
  for (const s of [...steps].sort(order)) (known.has(s.objective_id) ? by.get(s.objective_id) : loose).push(s);
  return { by, loose };
}

export const objectiveOrder = (a, b) => (a.status === 'en-cours' || !a.status ? 0 : 1) - (b.status === 'en-cours' || !b.status ? 0 : 1) || String(a.label).localeCompare(String(b.label), 'fr');

// Who carries a step, as the referent reads it (a partner by its name when known).
export function carrierText(s, partnerName) {
  if (s.carried_by === 'partenaire' && partnerName(s.partner_id)) return `Partenaire : ${partnerName(s.partner_id)}`;
  return label(STEP_CARRIERS, s.carried_by);
}

export function planSection(ctx, { person, objectives, steps, diags, offers, partners }) {
  const pid = person.id;
  const today = localDay();
  const latest = latestDiagnostic(diags);
  const offerName = (id) => (offers.find((o) => o.id === id) || {}).nom;
  const partnerName = (id) => (partners.find((p) => p.id === id) || {}).nom;
  const { by, loose } = groupSteps(objectives, steps);

  const stepStatus = (step) => h('select', { 'aria-label': `Statut de « ${step.label} »`, on: { change: async (e) => {
    const status = e.target.value;
    await ctx.save('action_steps', step.id, { status, done_at: status === 'fait' ? localDay() : null });
    announce('Étape mise à jour.', 'ok');
  } } }, options(STEP_STATUS).map(([v, t]) => h('option', { value: v, selected: (step.status || 'a-faire') === v }, t)));

  const stepItem = (s) => {
    const late = s.due_date && s.due_date < today && isOpenStep(s);
    const facts = [
      s.due_date ? `pour le ${fmtShortDate(s.due_date)}` : 'sans échéance',
      carrierText(s, partnerName),
      s.offer_id && offerName(s.offer_id) && offerName(s.offer_id) !== s.label ? `offre : ${offerName(s.offer_id)}` : '',
    ].filter(Boolean);
    return h('li', { 'data-step': s.id },
      h('span', {}, h('strong', {}, s.label), late ? [' ', h('span', { class: 'badge expiree' }, 'En retard')] : null, h('br'), facts.join(' · ')),
      h('span', { class: 'actions' },
        // The way there from the person's commune, offline (views/journey: the youth space's).
        s.offer_id && offerName(s.offer_id) ? h('a', { class: 'button secondary small', href: `#/jeunes/offre/${encodeURIComponent(s.offer_id)}/y-aller${person.commune ? `?commune=${encodeURIComponent(person.commune)}` : ''}`, 'aria-label': `Comment y aller : ${offerName(s.offer_id)}` }, 'Comment y aller') : null,
        stepStatus(s),
        h('a', { class: 'button small secondary', href: `#/ref/etape/${s.id}`, 'aria-label': `Modifier l'étape « ${s.label} »` }, 'Modifier')));
  };
  const stepList = (list, empty) => (list.length ? h('ul', { class: 'list' }, list.map(stepItem)) : emptyState(empty));

  const objectiveCard = (o) => h('li', { class: 'card', 'data-objective': o.id },
    h('h3', {}, o.label, ' ', h('span', { class: `badge ${o.status === 'atteint' ? 'fait' : o.status === 'abandonne' ? 'abandonne' : 'a-faire'}` }, label(OBJECTIVE_STATUS, o.status || 'en-cours'))),
    h('p', {}, [o.barrier ? `Frein : ${label(BARRIERS, o.barrier)}` : '', o.stage ? `Étape : ${label(STAGES, o.stage)}` : ''].filter(Boolean).join(' · ') || 'Objectif libre'),
    stepList(by.get(o.id), 'Pas encore d\'étape pour cet objectif.'),
    h('p', { class: 'actions' },
      h('a', { class: 'button small', href: `#/ref/jeune/${pid}/etape?objectif=${o.id}`, 'aria-label': `Ajouter une étape à « ${o.label} »` }, 'Ajouter une étape'),
      h('a', { class: 'button small secondary', href: `#/ref/objectif/${o.id}`, 'aria-label': `Modifier l'objectif « ${o.label} »` }, 'Modifier l\'objectif')));

  // Barriers the latest diagnostic found that no objective takes on yet.
  const taken = new Set(objectives.filter((o) => o.status !== 'abandonne').map((o) => o.barrier));
  const open = barriersFound(latest).filter((b) => !taken.has(b));
  return [
    h('h2', { id: 'titre-plan' }, 'Plan d\'action'),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: `#/ref/jeune/${pid}/objectif` }, 'Ajouter un objectif'),
      h('a', { class: 'button secondary', href: `#/ref/jeune/${pid}/etape` }, 'Ajouter une étape'),
      h('a', { class: 'button secondary', href: `#/ref/jeune/${pid}/plan` }, 'Plan à imprimer ou partager')),
    latest ? h('p', {}, `Dernier diagnostic (${fmtShortDate(latest.date)}) : étape « ${label(STAGES, latest.stage) || 'non calculée'} »`,
      open.length ? `, freins sans objectif : ${open.map((b) => label(BARRIERS, b)).join(', ')}.` : '.') : null,
    open.length ? h('ul', { class: 'list', id: 'objectifs-proposes', 'aria-label': 'Objectifs proposés d\'après le diagnostic' }, open.map((b) => h('li', {},
      h('span', {}, `Frein ${label(BARRIERS, b).toLowerCase()}`),
      h('a', { class: 'button small secondary', href: `#/ref/jeune/${pid}/objectif?frein=${b}` }, `Créer un objectif pour ce frein`)))) : null,
    h('div', { id: 'plan' },
      objectives.length ? h('ul', { class: 'cards', id: 'objectifs' }, [...objectives].sort(objectiveOrder).map(objectiveCard)) : emptyState('Pas encore d\'objectif.'),
      h('h3', {}, objectives.length ? 'Autres étapes' : 'Étapes'),
      stepList(loose, latest ? 'Aucune autre étape. Les offres proposées par le diagnostic s\'ajoutent d\'un geste.' : 'Pas encore d\'étape. Faites un diagnostic pour en proposer.')),
  ];
}

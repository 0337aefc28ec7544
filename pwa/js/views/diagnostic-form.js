// Referent: the mobility diagnostic (fillable offline) and its result: a level per dimension,
// the stage on the path, and catalogue offers matched to the needs — one tap adds a step.
import { h, replace, field, radios, emptyState, backLink, fullName, fmtShortDate, uuid, announce, localDay } from '../ui.js';
import * as L from '../labels.js';
import { score, MODES, SKILLS, GRADED_BARRIERS } from '../diagnostic.js';
import { today } from '../forms.js';

const YES_NO = [['true', 'Oui'], ['false', 'Non']];
const pick = (form, name) => { const el = form.querySelector(`input[name="${name}"]:checked`); return el ? el.value : null; };
const bool = (v) => (v === null ? undefined : v === 'true');

// Answers (questionnaire v1) from the form: what was not answered is left out.
export function readAnswers(form) {
  const a = {};
  const put = (part, key, value) => { if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) return; (a[part] ||= {})[key] = value; };
  const el = form.elements;
  put('project', 'goal', el.goal.value.trim());
  put('project', 'destinations', el.destinations.value.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean));
  put('project', 'atypical_hours', bool(pick(form, 'atypical_hours')));
  put('project', 'radius', pick(form, 'radius'));
  put('project', 'gave_up', bool(pick(form, 'gave_up')));
  for (const m of MODES) put('practices', m, pick(form, `mode-${m}`));
  put('means', 'licence', el.licence.value);
  for (const k of ['licence_valid', 'vehicle', 'insurance', 'transport_pass']) put('means', k, bool(pick(form, k)));
  for (const s of SKILLS) { const v = pick(form, `skill-${s}`); put('skills', s, v === null ? null : Number(v)); }
  for (const b of GRADED_BARRIERS) { const v = pick(form, `barrier-${b}`); put('barriers', b, v === null ? null : Number(v)); }
  put('barriers', 'sante', bool(pick(form, 'sante')));
  const motivation = pick(form, 'motivation');
  if (motivation !== null) a.motivation = Number(motivation);
  if (el.strengths.value.trim()) a.strengths = el.strengths.value.trim();
  return a;
}

const str = (v) => (v === undefined || v === null ? undefined : String(v));

function levelsList(levels) {
  return h('ul', { class: 'levels' }, Object.entries(L.DIMENSIONS).map(([dim, name]) => {
    const v = levels[dim];
    const id = `niveau-${dim}`;
    return h('li', {}, h('span', { id }, name),
      v == null ? h('span', {}, 'Non évalué') : h('span', {}, h('meter', { min: 1, max: 4, low: 2.5, high: 3.5, optimum: 4, value: v, 'aria-labelledby': id }), ` ${v}/4 · ${L.LEVELS[v]}`));
  }));
}

export async function diagnosticForm(ctx, { id }, { query } = { query: new URLSearchParams() }) {
  const onEdit = location.hash.endsWith('/modifier');
  const existing = onEdit ? await ctx.db.get('diagnostics', id) : null;
  const personId = existing ? existing.beneficiary_id : id;
  const p = await ctx.db.get('beneficiaries', personId);
  if (!p) return [backLink('#/ref/jeunes'), h('h1', {}, 'Fiche introuvable')];
  // Started from a call-back request's self-test: what it covers is filled in, to check.
  const fromTest = !existing && query.get('test') ? await ctx.db.get('contacts', query.get('test')) : null;
  const a = (existing && existing.answers) || (fromTest && fromTest.self_test ? (await import('../selftest.js')).toDiagnostic(fromTest.self_test) : {});
  const pr = a.project || {}; const me = a.means || {}; const sk = a.skills || {}; const ba = a.barriers || {}; const pa = a.practices || {};
  const preview = h('div', { class: 'notice', 'aria-live': 'polite', id: 'apercu' });
  const form = h('form', { class: 'form', 'data-draft': fromTest ? `diag-${personId}-test` : `diag-${existing ? existing.id : personId}` },
    field({ label: 'Date du diagnostic', name: 'date', type: 'date', required: true, value: existing ? existing.date : today() }),
    h('h2', {}, '1. Projet et destinations'),
    field({ label: 'Emploi ou formation visé', name: 'goal', value: pr.goal }),
    field({ label: 'Communes à rejoindre (séparées par des virgules)', name: 'destinations', value: (pr.destinations || []).join(', ') }),
    radios({ legend: 'Horaires décalés (tôt le matin, tard le soir, week-end) ?', name: 'atypical_hours', options: YES_NO, value: str(pr.atypical_hours) }),
    radios({ legend: '« Loin, c\'est où ? » : jusqu\'où va la personne d\'habitude', name: 'radius', options: L.options(L.RADII), value: pr.radius }),
    radios({ legend: 'A déjà renoncé à un emploi ou une formation faute de transport ?', name: 'gave_up', options: YES_NO, value: str(pr.gave_up) }),
    h('h2', {}, '2. Pratiques actuelles'),
    MODES.map((m) => radios({ legend: L.MODES[m], name: `mode-${m}`, options: L.options(L.FREQUENCIES), value: pa[m] })),
    h('h2', {}, '3. Moyens'),
    field({ label: 'Permis', name: 'licence', options: L.options(L.LICENCES, { empty: 'Non renseigné' }), value: me.licence }),
    radios({ legend: 'Permis valide (non suspendu) ?', name: 'licence_valid', options: YES_NO, value: str(me.licence_valid) }),
    radios({ legend: 'Accès à un véhicule ?', name: 'vehicle', options: YES_NO, value: str(me.vehicle) }),
    radios({ legend: 'Véhicule assuré ?', name: 'insurance', options: YES_NO, value: str(me.insurance) }),
    radios({ legend: 'Abonnement ou carte de transport ?', name: 'transport_pass', options: YES_NO, value: str(me.transport_pass) }),
    h('h2', {}, '4. Compétences'),
    SKILLS.map((s) => radios({ legend: L.SKILLS[s], name: `skill-${s}`, options: L.options(L.SKILL_LEVELS), value: str(sk[s]) })),
    h('h2', {}, '5. Freins'),
    GRADED_BARRIERS.map((b) => radios({ legend: L.BARRIERS[b], name: `barrier-${b}`, options: L.options(L.SEVERITY), value: str(ba[b]) })),
    radios({ legend: 'Frein lié à la santé ?', name: 'sante', options: YES_NO, value: str(ba.sante), hint: 'Oui ou non seulement : aucun détail de santé n\'est noté.' }),
    h('h2', {}, '6. Motivation'),
    radios({ legend: 'Envie de bouger (1 = pas du tout, 4 = très forte)', name: 'motivation', options: [['1', '1'], ['2', '2'], ['3', '3'], ['4', '4']], value: str(a.motivation) }),
    field({ label: 'Points forts, avec les mots de la personne', name: 'strengths', kind: 'textarea', value: a.strengths }),
    h('h2', {}, 'Résultat (calculé en direct)'), preview,
    h('button', { type: 'submit' }, 'Enregistrer le diagnostic'));
  const drawPreview = () => {
    const { levels, stage } = score(readAnswers(form));
    replace(preview, h('p', {}, h('strong', {}, 'Étape : '), L.STAGES[stage]), levelsList(levels));
  };
  await ctx.drafts.bind(form);
  form.addEventListener('change', drawPreview);
  drawPreview();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answers = readAnswers(form);
    const { levels, stage } = score(answers);
    const rowId = existing ? existing.id : uuid();
    const fields = { answers };
    if (!existing) Object.assign(fields, { beneficiary_id: personId, questionnaire_version: 1 });
    if (!existing || existing.date !== form.elements.date.value) fields.date = form.elements.date.value || today();
    await ctx.save('diagnostics', rowId, fields, { localFields: { levels, stage }, baseVersion: existing ? existing._version : undefined });
    await ctx.drafts.discard(form.dataset.draft);
    announce('Diagnostic enregistré.', 'ok');
    location.hash = `#/ref/diagnostic/${rowId}`;
  });
  return [backLink(`#/ref/jeune/${personId}`, fullName(p)), h('h1', {}, `Diagnostic mobilité : ${fullName(p)}`),
    h('p', {}, 'Chaque partie est facultative. Tout reste sur la tablette jusqu\'à la synchronisation.'),
    fromTest && fromTest.self_test ? h('p', { class: 'notice', id: 'depuis-test' }, 'Des réponses viennent du test fait par le ou la jeune (permis, véhicule, horaires, distance, horaires décalés, prix). Vérifie-les avec elle ou lui.') : null,
    form];
}

export async function diagnosticResult(ctx, { id }) {
  const d = await ctx.db.get('diagnostics', id);
  if (!d) return [backLink('#/ref/jeunes'), h('h1', {}, 'Diagnostic introuvable')];
  const p = (await ctx.db.get('beneficiaries', d.beneficiary_id)) || { first_name: 'Personne' };
  const { levels, stage } = score(d.answers || {});
  // Offers that meet the needs AND fit the person (age, commune, situation), with why.
  // Loaded when a result is first shown: the app shell stays small (tests/js/shell.test.js).
  const [{ fitOffers }, { loadTerritory }] = await Promise.all([import('../fit.js'), import('../territory.js')]);
  const territory = await loadTerritory().catch(() => null); // without it, zones are not judged
  const { fits, setAside } = fitOffers({ person: p, answers: d.answers || {}, offers: await ctx.db.getAll('offers'), territory, today: localDay() });
  const offers = fits.map((f) => f.offer);
  const why = new Map(fits.map((f) => [f.offer.id, f]));
  let steps = await ctx.db.getAll('action_steps', 'beneficiary_id', d.beneficiary_id);
  const addButton = (o) => {
    const already = steps.some((s) => s.offer_id === o.id);
    const b = h('button', { type: 'button', class: 'small', 'aria-pressed': already ? 'true' : 'false', disabled: already }, already ? 'Dans le plan ✓' : `Ajouter au plan : ${o.nom}`);
    b.addEventListener('click', async () => {
      const step = { beneficiary_id: d.beneficiary_id, label: o.nom, stage, status: 'a-faire', offer_id: o.id };
      if (o.structure_id) step.partner_id = o.structure_id;
      await ctx.save('action_steps', uuid(), step);
      steps = await ctx.db.getAll('action_steps', 'beneficiary_id', d.beneficiary_id);
      b.textContent = 'Dans le plan ✓'; b.setAttribute('aria-pressed', 'true'); b.disabled = true;
      announce(`« ${o.nom} » ajouté au plan d'action.`, 'ok');
    });
    return b;
  };
  const card = (o) => h('li', { class: 'card', 'data-offer': o.id },
    h('h3', {}, o.nom), h('p', { class: 'tags' }, (o.thematiques || []).map((t) => h('span', { class: 'tag' }, L.label(L.THEMATIQUES, t)))),
    h('ul', { class: 'reasons' }, why.get(o.id).reasons.map((r) => h('li', {}, r))),
    why.get(o.id).checks.length ? h('ul', { class: 'checks' }, why.get(o.id).checks.map((c) => h('li', {}, h('strong', {}, 'À vérifier : '), c))) : null,
    addButton(o));
  return [
    backLink(`#/ref/jeune/${d.beneficiary_id}`, fullName(p)),
    h('h1', {}, `Diagnostic du ${fmtShortDate(d.date)} : ${fullName(p)}`),
    h('p', { class: 'lead' }, h('strong', {}, 'Étape du parcours : '), L.STAGES[stage]),
    h('h2', {}, 'Niveau par dimension'), levelsList(levels),
    h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/ref/diagnostic/${id}/modifier` }, 'Modifier les réponses')),
    h('h2', {}, 'Offres proposées'),
    offers.length ? [h('ul', { class: 'cards', id: 'suggestions' }, offers.slice(0, 8).map(card)),
      offers.length > 8 ? h('details', {}, h('summary', {}, `Voir ${offers.length - 8} autre(s) offre(s)`), h('ul', { class: 'cards' }, offers.slice(8).map(card))) : null]
      : emptyState('Aucune offre du catalogue ne correspond aux besoins notés (ou le catalogue n\'est pas encore synchronisé).'),
    setAside.length ? h('details', { id: 'ecartees' }, h('summary', {}, `Offres écartées pour cette personne (${setAside.length})`),
      h('ul', { class: 'list' }, setAside.map((s) => h('li', {}, h('strong', {}, s.offer.nom), ` : ${s.why}.`)))) : null,
    territory ? null : h('p', { class: 'hint' }, 'La liste des communes n\'est pas sur cet appareil : les zones des offres ne sont pas vérifiées.'),
  ];
}

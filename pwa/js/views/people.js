// Referent: the young people (search), and the profile form (create / edit) with consent.
import { h, replace, field, emptyState, backLink, fullName, uuid, announce, ageFrom } from '../ui.js';
import { BENEFICIARY_STATUS, SEX, options } from '../labels.js';
import { readForm, changedFields } from '../forms.js';
import { searchPeople } from './attendance.js';

export async function people(ctx) {
  const all = (await ctx.db.getAll('beneficiaries')).sort((a, b) => fullName(a).localeCompare(fullName(b), 'fr'));
  const list = h('ul', { class: 'list', id: 'jeunes' });
  const input = h('input', { id: 'cherche-jeune', type: 'search', autocomplete: 'off' });
  const draw = () => {
    const shown = input.value.trim() ? searchPeople(all, input.value, 200) : all.slice(0, 200);
    replace(list, shown.length ? shown.map((p) => h('li', {}, h('a', { href: `#/ref/jeune/${p.id}` }, fullName(p)), h('span', {}, [p.commune, p.birth_date ? `${ageFrom(p.birth_date)} ans` : ''].filter(Boolean).join(' · ')))) : h('li', {}, emptyState('Personne ne correspond.')));
  };
  input.addEventListener('input', draw);
  draw();
  return [
    h('h1', {}, 'Jeunes accompagné·es'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/ref/jeune-nouveau' }, 'Nouveau·elle jeune')),
    h('div', { class: 'field' }, h('label', { for: 'cherche-jeune' }, `Chercher parmi ${all.length} personne${all.length > 1 ? 's' : ''}`), input),
    list,
  ];
}

const SPEC = {
  first_name: 'text', last_name: 'text', birth_date: 'text', sex: 'text', commune: 'text', phone: 'text', email: 'text',
  status: 'text', referred_by: 'text', qpv: 'bool', zrr: 'bool', education_level: 'text', consent_scope: 'text', notes: 'text',
};
const nowMoment = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function personForm(ctx, { id }) {
  const existing = id ? await ctx.db.get('beneficiaries', id) : null;
  const p = existing || {};
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form', 'data-draft': `jeune-${id || 'nouveau'}` },
    h('div', { class: 'grid2' },
      field({ label: 'Prénom', name: 'first_name', required: true, value: p.first_name, autocomplete: 'off' }),
      field({ label: 'Nom', name: 'last_name', required: true, value: p.last_name, autocomplete: 'off' })),
    h('div', { class: 'grid2' },
      field({ label: 'Date de naissance', name: 'birth_date', type: 'date', value: p.birth_date }),
      field({ label: 'Sexe', name: 'sex', options: options(SEX, { empty: '—' }), value: p.sex })),
    h('div', { class: 'grid2' },
      field({ label: 'Commune', name: 'commune', value: p.commune }),
      field({ label: 'Situation', name: 'status', options: options(BENEFICIARY_STATUS, { empty: '—' }), value: p.status })),
    h('div', { class: 'grid2' },
      field({ label: 'Téléphone', name: 'phone', type: 'tel', value: p.phone }),
      field({ label: 'Courriel', name: 'email', type: 'email', value: p.email })),
    field({ label: 'Orienté·e par', name: 'referred_by', options: [['', '—'], ...partners.map((x) => [x.id, x.nom])], value: p.referred_by }),
    field({ label: 'Niveau d\'études', name: 'education_level', value: p.education_level }),
    field({ label: 'Habite en quartier prioritaire (QPV)', name: 'qpv', type: 'checkbox', value: p.qpv }),
    field({ label: 'Habite en zone de revitalisation rurale (ZRR)', name: 'zrr', type: 'checkbox', value: p.zrr }),
    h('fieldset', {}, h('legend', {}, 'Consentement (RGPD)'),
      field({ label: 'La personne accepte que ses informations soient gardées pour l\'accompagner', name: 'consent', type: 'checkbox', value: Boolean(p.consent_at), hint: p.consent_at ? `Accord noté le ${new Date(p.consent_at).toLocaleDateString('fr-FR')}.` : null }),
      field({ label: 'Moins de 15 ans : accord d\'un parent recueilli', name: 'parent_consent', type: 'checkbox', value: Boolean(p.parent_consent_at) }),
      field({ label: 'Portée de l\'accord', name: 'consent_scope', value: p.consent_scope || 'accompagnement mobilite' })),
    field({ label: 'Notes (pas d\'information de santé)', name: 'notes', kind: 'textarea', value: p.notes }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Créer la fiche'));
  await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, SPEC);
    const problems = [];
    if (!values.first_name || !values.last_name) problems.push('Le prénom et le nom sont obligatoires.');
    const age = ageFrom(values.birth_date);
    if (age !== null && age < 15 && form.elements.consent.checked && !form.elements.parent_consent.checked) problems.push('Moins de 15 ans : l\'accord d\'un parent est nécessaire.');
    if (problems.length) { replace(errors, problems.map((t) => h('p', {}, t))); errors.focus(); return; }
    values.consent_at = form.elements.consent.checked ? (p.consent_at || nowMoment()) : null;
    values.parent_consent_at = form.elements.parent_consent.checked ? (p.parent_consent_at || nowMoment()) : null;
    const rowId = id || uuid();
    const fields = changedFields(existing, values);
    if (Object.keys(fields).length) await ctx.save('beneficiaries', rowId, fields, { baseVersion: existing ? existing._version : undefined });
    await ctx.drafts.discard(form.dataset.draft);
    announce('Fiche enregistrée.', 'ok');
    location.hash = `#/ref/jeune/${rowId}`;
  });
  return [backLink(id ? `#/ref/jeune/${id}` : '#/ref/jeunes'), h('h1', {}, existing ? `Modifier : ${fullName(p)}` : 'Nouveau·elle jeune'), form];
}

// Referent: the young people (search), and the profile form (create / edit) with consent.
import { h, replace, field, emptyState, backLink, fullName, uuid, announce, ageFrom, nextId } from '../ui.js';
import { BENEFICIARY_STATUS, SEX, options } from '../labels.js';
import { readForm, changedFields } from '../forms.js';
import { searchPeople } from './attendance.js';
import { consentErrors, underParentAge } from '../consent.js';

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
  first_name: 'text', last_name: 'text', birth_date: 'text', sex: 'text', phone: 'text', email: 'text',
  status: 'text', referred_by: 'text', qpv: 'bool', frr: 'bool', adapted_transport: 'bool', education_level: 'text', consent_scope: 'text', notes: 'text',
};
const nowMoment = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// The parent's accord: required (with the reason shown) while the birth date says under 15.
function parentConsentField(checked) {
  const id = nextId('parent_consent');
  const input = h('input', { id, name: 'parent_consent', type: 'checkbox', checked, 'aria-describedby': `${id}-aide` });
  const mark = h('span', { class: 'req', 'aria-hidden': 'true', hidden: true }, ' *');
  const hint = h('p', { class: 'hint', id: `${id}-aide` });
  const box = h('div', { class: 'field check', id: 'accord-parent' }, input, h('label', { for: id }, 'Accord d\'un parent recueilli', mark), hint);
  const update = (birthDate) => {
    const young = underParentAge(birthDate);
    input.setAttribute('aria-required', String(young));
    mark.hidden = !young;
    replace(hint, young ? h('strong', {}, 'Moins de 15 ans : l\'accord d\'un parent est obligatoire, en plus de celui de la personne.') : 'Seulement pour une personne de moins de 15 ans.');
  };
  return { box, update };
}

export async function personForm(ctx, { id }) {
  const existing = id ? await ctx.db.get('beneficiaries', id) : null;
  const p = existing || {};
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const parent = parentConsentField(Boolean(p.parent_consent_at));
  // Without the official list on the device (never loaded), the commune stays as it is.
  const kit = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => null);
  const form = h('form', { class: 'form', 'data-draft': `jeune-${id || 'nouveau'}` },
    h('div', { class: 'grid2' },
      field({ label: 'Prénom', name: 'first_name', required: true, value: p.first_name, autocomplete: 'off' }),
      field({ label: 'Nom', name: 'last_name', required: true, value: p.last_name, autocomplete: 'off' })),
    h('div', { class: 'grid2' },
      field({ label: 'Date de naissance', name: 'birth_date', type: 'date', value: p.birth_date }),
      field({ label: 'Sexe', name: 'sex', options: options(SEX, { empty: '—' }), value: p.sex })),
    h('div', { class: 'grid2' },
      kit ? kit.communePicker({ label: 'Commune', name: 'commune', territory: kit.territory, value: p.commune, code: p.commune_code, hint: 'Choisir dans la liste officielle.' }) : h('p', { class: 'hint' }, `Commune : ${p.commune || '—'}. La liste officielle des communes n\'est pas encore sur cet appareil : connectez-vous une fois à Internet pour choisir une commune.`),
      field({ label: 'Situation', name: 'status', options: options(BENEFICIARY_STATUS, { empty: '—' }), value: p.status })),
    h('div', { class: 'grid2' },
      field({ label: 'Téléphone', name: 'phone', type: 'tel', value: p.phone }),
      field({ label: 'Courriel', name: 'email', type: 'email', value: p.email })),
    field({ label: 'Orienté·e par', name: 'referred_by', options: [['', '—'], ...partners.map((x) => [x.id, x.nom])], value: p.referred_by }),
    field({ label: 'Niveau d\'études', name: 'education_level', value: p.education_level }),
    field({ label: 'Habite en quartier prioritaire (QPV)', name: 'qpv', type: 'checkbox', value: p.qpv }),
    field({ label: 'Habite une commune France Ruralités Revitalisation (FRR, ex-ZRR)', name: 'frr', type: 'checkbox', value: p.frr }),
    field({ label: 'Besoin d\'un transport adapté ou d\'un accès sans marche', name: 'adapted_transport', type: 'checkbox', value: p.adapted_transport, hint: 'Oui ou non seulement : aucun détail médical.' }),
    h('fieldset', {}, h('legend', {}, 'Consentement (RGPD)'),
      field({ label: 'La personne accepte que ses informations soient gardées pour l\'accompagner', name: 'consent', type: 'checkbox', value: Boolean(p.consent_at), hint: p.consent_at ? `Accord noté le ${new Date(p.consent_at).toLocaleDateString('fr-FR')}.` : null }),
      parent.box,
      field({ label: 'Portée de l\'accord', name: 'consent_scope', value: p.consent_scope || 'accompagnement mobilite' })),
    field({ label: 'Notes (pas d\'information de santé)', name: 'notes', kind: 'textarea', value: p.notes }),
    errors, h('button', { type: 'submit' }, existing ? 'Enregistrer' : 'Créer la fiche'));
  await ctx.drafts.bind(form);
  const birth = form.elements.birth_date;
  parent.update(birth.value);
  for (const ev of ['input', 'change']) birth.addEventListener(ev, () => parent.update(birth.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = readForm(form, SPEC);
    values.consent_at = form.elements.consent.checked ? (p.consent_at || nowMoment()) : null;
    values.parent_consent_at = form.elements.parent_consent.checked ? (p.parent_consent_at || nowMoment()) : null;
    const problems = [];
    const place = kit ? kit.communeFields(kit.territory, form, 'commune', p.commune) : { fields: {} };
    if (place.problem) problems.push(`Commune : ${place.problem}`);
    else Object.assign(values, place.fields);
    if (!values.first_name || !values.last_name) problems.push('Le prénom et le nom sont obligatoires.');
    problems.push(...Object.values(consentErrors(values)).flat()); // the server's rule, before it refuses
    if (problems.length) { replace(errors, problems.map((t) => h('p', {}, t))); errors.focus(); return; }
    const rowId = id || uuid();
    const fields = changedFields(existing, values);
    if (id && !(await ctx.db.get('beneficiaries', id))) { replace(errors, h('p', {}, 'Cette fiche n\'est plus sur l\'appareil (personne effacée ?) : rien n\'a été enregistré.')); errors.focus(); return; }
    if (Object.keys(fields).length) await ctx.save('beneficiaries', rowId, fields, { baseVersion: existing ? existing._version : undefined });
    await ctx.drafts.discard(form.dataset.draft);
    announce('Fiche enregistrée.', 'ok');
    location.hash = `#/ref/jeune/${rowId}`;
  });
  return [backLink(id ? `#/ref/jeune/${id}` : '#/ref/jeunes'), h('h1', {}, existing ? `Modifier : ${fullName(p)}` : 'Nouveau·elle jeune'), form];
}

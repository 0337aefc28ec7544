// Referent: contacts log (phone, web, visit, e-mail; individuals and professionals) and call-back
// requests to handle. (The referrals received from partners: views/referrals.js.)
import { h, field, emptyState, backLink, fmtDateTime, fullName, uuid, announce } from '../ui.js';
import { CHANNELS, AUDIENCES, CALLBACK, options, label } from '../labels.js';
import { readForm, toLocalInput } from '../forms.js';
import { telHref } from '../catalogue.js';

export async function contacts(ctx) {
  const all = (await ctx.db.getAll('contacts')).sort((a, b) => String(b.date || '').localeCompare(String(a.date || '')));
  const everyone = (await ctx.db.getAll('beneficiaries')).sort((a, b) => fullName(a).localeCompare(fullName(b), 'fr'));
  const people = new Map(everyone.map((p) => [p.id, p]));
  const toCall = all.filter((c) => c.callback_status === 'a-rappeler');
  // Loaded only when a request carries a self-test: the app shell stays light.
  const { selfTestBlock } = all.some((c) => c.self_test) ? await import('./contact-test.js') : {};
  const item = (c) => h('li', {},
    h('span', {}, h('strong', {}, c.name || (people.get(c.beneficiary_id) ? fullName(people.get(c.beneficiary_id)) : 'Anonyme')),
      ` · ${label(CHANNELS, c.channel)}${c.audience ? ` · ${label(AUDIENCES, c.audience)}` : ''}${c.date ? ` · ${fmtDateTime(c.date)}` : ''}${c.subject ? ` · ${c.subject}` : ''}`),
    c.callback_status ? h('span', { class: `badge ${c.callback_status}` }, label(CALLBACK, c.callback_status)) : null,
    c.callback_status === 'a-rappeler' && c.phone ? h('a', { class: 'button small secondary', href: telHref(c.phone) }, `Appeler ${c.phone}`) : null,
    c.callback_status === 'a-rappeler' ? h('button', { type: 'button', class: 'small', on: { click: async () => { await ctx.save('contacts', c.id, { callback_status: 'rappele' }); ctx.router.render(); } } }, 'Rappelé·e') : null,
    c.self_test ? selfTestBlock(ctx, c, everyone) : null);
  return [
    h('h1', {}, 'Contacts'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/ref/contact-nouveau' }, 'Noter un contact')),
    h('h2', {}, `À rappeler (${toCall.length})`),
    toCall.length ? h('ul', { class: 'list' }, toCall.map(item)) : emptyState('Personne à rappeler.'),
    h('h2', {}, 'Tous les contacts'),
    all.length ? h('ul', { class: 'list' }, all.slice(0, 200).map(item)) : emptyState('Aucun contact noté.'),
  ];
}

const SPEC = { date: 'moment', channel: 'text', audience: 'text', name: 'text', phone: 'text', email: 'text', subject: 'text', orientation: 'text', beneficiary_id: 'text', partner_id: 'text', callback_status: 'text', notes: 'text' };

export async function contactForm(ctx, params, { query }) {
  const people = (await ctx.db.getAll('beneficiaries')).sort((a, b) => fullName(a).localeCompare(fullName(b), 'fr'));
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const preset = query.get('beneficiaire') || '';
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form', 'data-draft': 'contact-nouveau' },
    field({ label: 'Date et heure', name: 'date', type: 'datetime-local', required: true, value: toLocalInput(new Date().toISOString()) }),
    field({ label: 'Canal', name: 'channel', required: true, options: options(CHANNELS), value: 'telephone' }),
    field({ label: 'Public', name: 'audience', options: options(AUDIENCES), value: 'particulier' }),
    field({ label: 'Jeune concerné·e (si fiche)', name: 'beneficiary_id', options: [['', '—'], ...people.map((p) => [p.id, fullName(p)])], value: preset }),
    field({ label: 'Structure (professionnel)', name: 'partner_id', options: [['', '—'], ...partners.map((p) => [p.id, p.nom])] }),
    field({ label: 'Nom de la personne', name: 'name' }),
    field({ label: 'Téléphone', name: 'phone', type: 'tel' }),
    field({ label: 'Courriel', name: 'email', type: 'email' }),
    field({ label: 'Objet', name: 'subject', hint: 'Ex. « aide au permis », « horaires Mobigo »' }),
    field({ label: 'Orientation donnée', name: 'orientation', kind: 'textarea' }),
    field({ label: 'Rappel', name: 'callback_status', options: options(CALLBACK, { empty: 'Pas de rappel' }) }),
    field({ label: 'Notes', name: 'notes', kind: 'textarea' }),
    errors, h('button', { type: 'submit' }, 'Enregistrer le contact'));
  if (!preset) await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, SPEC);
    if (!v.channel) { errors.textContent = 'Le canal est obligatoire.'; errors.focus(); return; }
    const fields = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
    await ctx.save('contacts', uuid(), fields);
    await ctx.drafts.discard('contact-nouveau');
    announce('Contact enregistré.', 'ok');
    location.hash = v.beneficiary_id ? `#/ref/jeune/${v.beneficiary_id}` : '#/ref/contacts';
  });
  return [backLink(preset ? `#/ref/jeune/${preset}` : '#/ref/contacts'), h('h1', {}, 'Noter un contact'), form];
}

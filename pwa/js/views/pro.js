// Prescribers: my referrals and their status, refer a young person (with consent), partners.
import { h, field, emptyState, fmtShortDate, localDay, uuid, announce, replace, normalize } from '../ui.js';
import { REFERRAL_STATUS, REFUSAL_REASONS, CONTACT_PREF, NEEDS, options, label } from '../labels.js';
import { referralTimers } from '../due.js';
import { readForm } from '../forms.js';
import { telHref, mailHref } from '../catalogue.js';
import { safeHref } from '../links.js';

// A stored link as a button, only when it is safe to tap (see links.js).
function linkButton(value, text, extra = {}) {
  const href = safeHref(value);
  return href ? h('a', { class: 'button small secondary', href, ...extra }, text) : null;
}

// What the prescriber reads of an answer, or of the wait: the reminder the referent got after
// 10 days, the expiry on the 30th (server/services/referral_timers.py).
export function answerCell(r, day) {
  const t = referralTimers(r, day, localDay);
  if (t) {
    const wait = [t.sent ? `Reçue le ${fmtShortDate(t.sent)}` : 'En attente'];
    if (r.reminded_at) wait.push(`sans réponse : la référente a été relancée le ${fmtShortDate(r.reminded_at)}`);
    if (t.expiresOn) wait.push(`expire le ${fmtShortDate(t.expiresOn)} sans réponse`);
    return wait.join(' · ');
  }
  const why = [r.refusal_reason ? label(REFUSAL_REASONS, r.refusal_reason) : '', r.reason].filter(Boolean).join(' — ');
  return [r.answered_at ? fmtShortDate(r.answered_at) : '', why].filter(Boolean).join(' · ') || '—';
}

export async function myReferrals(ctx) {
  const day = localDay();
  const pending = new Set((await ctx.outbox.all()).map((m) => m.row_id));
  const all = (await ctx.db.getAll('referrals')).sort((a, b) => String(b.answered_at || '').localeCompare(String(a.answered_at || '')));
  return [
    h('h1', {}, 'Mes orientations'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/pro/orienter' }, 'Orienter un·e jeune vers la référente')),
    all.length ? h('table', { id: 'orientations' },
      h('caption', { class: 'count' }, `${all.length} orientation${all.length > 1 ? 's' : ''}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Jeune'), h('th', { scope: 'col' }, 'Statut'), h('th', { scope: 'col' }, 'Réponse'))),
      h('tbody', {}, all.map((r) => h('tr', {},
        h('td', {}, `${r.first_name} ${r.last_name}`, r.commune ? ` (${r.commune})` : ''),
        h('td', {}, h('span', { class: `badge ${r.status || 'ouverte'}` }, label(REFERRAL_STATUS, r.status || 'ouverte')), pending.has(r.id) ? ' · pas encore envoyée' : '', r._rejected ? h('span', { class: 'error' }, ' · refusée par le serveur (voir « Cet appareil »)') : null),
        h('td', {}, answerCell(r, day))))))
      : emptyState('Vous n\'avez pas encore orienté de jeune.'),
  ];
}

const SPEC = { first_name: 'text', last_name: 'text', birth_date: 'text', phone: 'text', email: 'text', situation: 'text', contact_preference: 'text', partner_id: 'text', consent: 'bool', needs: 'checks', needs_more: 'text' };

export async function referralForm(ctx) {
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  // Without the official list on the device (never loaded), the commune stays as it is.
  const kit = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => null);
  const needs = h('fieldset', {}, h('legend', {}, 'Besoins repérés'), NEEDS.map(([key, text]) => {
    const id = `besoin-${key}`;
    return h('span', { class: 'radio' }, h('input', { type: 'checkbox', id, name: 'needs', value: text }), h('label', { for: id }, text));
  }));
  const form = h('form', { class: 'form', 'data-draft': 'orientation' },
    h('div', { class: 'grid2' },
      field({ label: 'Prénom du ou de la jeune', name: 'first_name', required: true }),
      field({ label: 'Nom', name: 'last_name', required: true })),
    h('div', { class: 'grid2' },
      field({ label: 'Date de naissance', name: 'birth_date', type: 'date' }),
      kit ? kit.communePicker({ label: 'Commune', name: 'commune', territory: kit.territory }) : h('p', { class: 'hint' }, 'La liste officielle des communes n\'est pas encore sur cet appareil : la commune pourra être choisie après une connexion à Internet.')),
    h('div', { class: 'grid2' },
      field({ label: 'Téléphone', name: 'phone', type: 'tel' }),
      field({ label: 'Courriel', name: 'email', type: 'email' })),
    field({ label: 'Comment la contacter de préférence ?', name: 'contact_preference', options: options(CONTACT_PREF), value: 'telephone' }),
    field({ label: 'Situation (en quelques lignes)', name: 'situation', kind: 'textarea', hint: 'Pas d\'information de santé.' }),
    needs,
    field({ label: 'Autres besoins', name: 'needs_more' }),
    field({ label: 'Votre structure', name: 'partner_id', options: [['', '—'], ...partners.map((p) => [p.id, p.nom])] }),
    field({ label: 'Le ou la jeune est d\'accord pour être contacté·e par la référente mobilité, et je m\'engage à l\'avoir informé·e.', name: 'consent', type: 'checkbox', required: true }),
    errors, h('button', { type: 'submit' }, 'Envoyer l\'orientation'));
  await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, SPEC);
    const problems = [];
    if (!v.first_name || !v.last_name) problems.push('Le prénom et le nom sont obligatoires.');
    if (!v.phone && !v.email) problems.push('Donnez au moins un téléphone ou un courriel.');
    if (!v.consent) problems.push('L\'accord du ou de la jeune est obligatoire.');
    const place = kit ? kit.communeFields(kit.territory, form) : { fields: {} };
    if (place.problem) problems.push(`Commune : ${place.problem}`);
    if (problems.length) { replace(errors, problems.map((t) => h('p', {}, t))); errors.focus(); return; }
    const needsText = [...v.needs, v.needs_more].filter(Boolean).join(' ; ');
    const fields = { first_name: v.first_name, last_name: v.last_name, consent: true }; // status: set by the server
    for (const k of ['birth_date', 'phone', 'email', 'situation', 'contact_preference', 'partner_id']) if (v[k]) fields[k] = v[k];
    if (place.fields.commune_code) Object.assign(fields, place.fields);
    if (needsText) fields.needs = needsText;
    await ctx.save('referrals', uuid(), fields);
    await ctx.drafts.discard('orientation');
    announce('Orientation enregistrée. Elle part dès que le réseau le permet.', 'ok');
    location.hash = '#/pro';
  });
  return [h('h1', {}, 'Orienter un·e jeune vers la référente mobilité'), form];
}

export async function partnersDirectory(ctx) {
  let partners = await ctx.db.getAll('partners');
  if (!partners.length) partners = ((await ctx.db.get('public', 'partners')) || { items: [] }).items;
  partners.sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const list = h('ul', { class: 'cards', id: 'partenaires' });
  const input = h('input', { id: 'cherche-partenaire', type: 'search' });
  const draw = () => {
    const q = normalize(input.value);
    const shown = partners.filter((p) => !q || normalize(`${p.nom} ${p.commune || ''} ${p.description || ''}`).includes(q));
    replace(list, shown.length ? shown.map((p) => h('li', { class: 'card' },
      h('h2', {}, p.nom),
      p.description ? h('p', {}, p.description) : null,
      h('p', {}, [p.adresse, p.code_postal, p.commune].filter(Boolean).join(', ')),
      p.horaires_texte ? h('p', {}, `Horaires : ${p.horaires_texte}`) : null,
      h('p', { class: 'actions' },
        linkButton(telHref(p.telephone), `Appeler ${p.telephone}`),
        // An address that cannot be a link (an accent, a space) is still worth reading.
        linkButton(mailHref(p.courriel), 'Courriel') || (p.courriel ? h('span', {}, `Courriel : ${p.courriel}`) : null),
        linkButton(p.site_web, 'Site web', { target: '_blank', rel: 'noopener' }),
        linkButton(p.accessibilite_lieu, 'Accessibilité du lieu sur acceslibre (Internet)', { target: '_blank', rel: 'noopener' })))) : h('li', {}, emptyState('Aucun partenaire ne correspond.')));
  };
  input.addEventListener('input', draw);
  draw();
  return [h('h1', {}, 'Partenaires du territoire'), h('div', { class: 'field' }, h('label', { for: 'cherche-partenaire' }, 'Chercher un partenaire'), input), list];
}

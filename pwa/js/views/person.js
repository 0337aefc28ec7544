// Referent: a young person's file — profile and consent, diagnostics, action plan, contacts,
// referrals, sessions attended; for the coordinator, export and erasure. Opening it is noted
// for the audit log (audit.js).
import { h, emptyState, backLink, fullName, fmtDate, fmtShortDate, ageFrom, localDay } from '../ui.js';
import { BENEFICIARY_STATUS, SEX, STAGES, CHANNELS, REFERRAL_STATUS, label } from '../labels.js';
import { rightsSection } from './person-rights.js';
import { outcomesSection } from './outcomes.js';
import { planSection } from './plan.js';
import { timersText, answerText } from './referrals.js';
import { referralTimers } from '../due.js';

// The referrals that led to this file: their status, « à relancer » and the dates, the answer.
function referralsList(referrals) {
  if (!referrals.length) return emptyState('Aucune.');
  const day = localDay();
  return h('ul', { class: 'list', id: 'orientations-fiche' }, referrals.map((r) => {
    const t = referralTimers(r, day, localDay);
    return h('li', {}, h('span', {}, h('a', { href: `#/ref/orientations?orientation=${r.id}` }, r.situation || 'Orientation'), ' ',
      h('span', { class: `badge ${r.status}` }, label(REFERRAL_STATUS, r.status)), t && t.chase ? [' ', h('span', { class: 'badge a-rappeler' }, 'À relancer')] : null),
    h('span', {}, t ? timersText(t) : answerText(r)));
  }));
}

export async function person(ctx, { id }) {
  const p = await ctx.db.get('beneficiaries', id);
  if (!p) return [backLink('#/ref/jeunes'), h('h1', {}, 'Fiche introuvable'), emptyState('Elle n\'est pas (ou plus) sur cet appareil.')];
  await ctx.audit.viewed(id).catch((err) => console.error(err)); // never keeps the file from showing
  const [diags, steps, contacts, referrals, atts, sessions, partners, offers, outcomes, objectives] = await Promise.all([
    ctx.db.getAll('diagnostics', 'beneficiary_id', id), ctx.db.getAll('action_steps', 'beneficiary_id', id),
    ctx.db.getAll('contacts', 'beneficiary_id', id), ctx.db.getAll('referrals', 'beneficiary_id', id),
    ctx.db.getAll('attendances', 'beneficiary_id', id), ctx.db.getAll('sessions'), ctx.db.getAll('partners'), ctx.db.getAll('offers'),
    ctx.db.getAll('outcomes', 'beneficiary_id', id), ctx.db.getAll('objectives', 'beneficiary_id', id)]);
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const partner = partners.find((x) => x.id === p.referred_by);
  const age = ageFrom(p.birth_date);
  const facts = [
    ['Âge', age !== null ? `${age} ans (${fmtShortDate(p.birth_date)})` : ''], ['Sexe', label(SEX, p.sex)], ['Commune', p.commune],
    ['Situation', label(BENEFICIARY_STATUS, p.status)], ['Téléphone', p.phone], ['Courriel', p.email], ['Orienté·e par', partner && partner.nom],
    ['Consentement', p.consent_at ? `Oui, le ${fmtShortDate(p.consent_at)}${p.consent_scope ? ` (${p.consent_scope})` : ''}` : 'Pas encore recueilli'],
    ['Accord parental', p.parent_consent_at ? `Oui, le ${fmtShortDate(p.parent_consent_at)}` : (age !== null && age < 15 ? 'Nécessaire (moins de 15 ans)' : '')],
    ['Transport adapté', p.adapted_transport ? 'Besoin d\'un transport adapté ou d\'un accès sans marche' : ''],
    ['Notes', p.notes],
  ].filter(([, v]) => v);

  return [
    backLink('#/ref/jeunes', 'Jeunes'),
    h('h1', {}, fullName(p)),
    p._rejected ? h('p', { class: 'error' }, 'Le serveur a refusé une modification de cette fiche : voir « Cet appareil ».') : null,
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: `#/ref/jeune/${id}/diagnostic` }, 'Nouveau diagnostic'),
      h('a', { class: 'button secondary', href: `#/ref/jeune/${id}/modifier` }, 'Modifier la fiche'),
      h('a', { class: 'button secondary', href: `#/ref/contact-nouveau?beneficiaire=${id}` }, 'Noter un contact')),
    h('h2', {}, 'Profil'), h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h2', {}, 'Diagnostics'),
    diags.length ? h('ul', { class: 'list' }, diags.sort((a, b) => b.date.localeCompare(a.date)).map((d) => h('li', {},
      h('a', { href: `#/ref/diagnostic/${d.id}` }, `Diagnostic du ${fmtShortDate(d.date)}`), d.stage ? h('span', {}, label(STAGES, d.stage)) : null))) : emptyState('Pas encore de diagnostic.'),
    planSection(ctx, { person: p, objectives, steps, diags, offers, partners }),
    outcomesSection(id, outcomes),
    h('h2', {}, 'Contacts'),
    contacts.length ? h('ul', { class: 'list' }, contacts.sort((a, b) => String(b.date).localeCompare(String(a.date))).map((c) => h('li', {}, `${c.date ? fmtShortDate(c.date) : ''} · ${label(CHANNELS, c.channel)}${c.subject ? ` · ${c.subject}` : ''}`))) : emptyState('Aucun contact noté.'),
    h('h2', {}, 'Orientations reçues'),
    referralsList(referrals),
    h('h2', {}, 'Séances suivies'),
    atts.filter((a) => a.present !== false).length ? h('ul', { class: 'list' }, atts.filter((a) => a.present !== false).map((a) => sessionById.get(a.session_id)).filter(Boolean)
      .sort((a, b) => b.starts_at.localeCompare(a.starts_at)).map((s) => h('li', {}, h('a', { href: `#/ref/seance/${s.id}` }, s.title), fmtDate(s.starts_at)))) : emptyState('Aucune séance pour l\'instant.'),
    rightsSection(ctx, p),
  ];
}

// Referent: the referrals received from partners — answer them (validate and open a file, or
// refuse with a reason from the code list and a free comment); an open one is « à relancer »
// once the server's 10-day reminder went out, and expires on its 30th day
// (server/services/referral_timers.py; the dates come from `sent_at`, set by the server).
import { h, field, emptyState, fmtShortDate, localDay, uuid, announce, ask, replace } from '../ui.js';
import { REFERRAL_STATUS, CONTACT_PREF, REFUSAL_REASONS, options, label } from '../labels.js';
import { referralTimers } from '../due.js';

// The timers of an open referral, in words (empty for an answered one).
export function timersText(t) {
  if (!t) return '';
  return [t.sent ? `reçue le ${fmtShortDate(t.sent)}` : '', t.remindOn ? `${t.chase ? 'à relancer depuis le' : 'à relancer le'} ${fmtShortDate(t.remindOn)}` : (t.chase ? 'à relancer' : ''),
    t.expiresOn ? `expire le ${fmtShortDate(t.expiresOn)}` : ''].filter(Boolean).join(' · ');
}

// The answer of a refused or expired referral, in words: the reason's label and the comment.
export function answerText(r) {
  return [r.refusal_reason ? label(REFUSAL_REASONS, r.refusal_reason) : '', r.reason].filter(Boolean).join(' — ');
}

const rank = (r, t) => ((r.status || 'ouverte') !== 'ouverte' ? 2 : t && t.chase ? 0 : 1);

export async function incomingReferrals(ctx, params, { query } = {}) {
  const day = localDay();
  const wanted = query && query.get('orientation');
  const all = (await ctx.db.getAll('referrals')).map((r) => [r, referralTimers(r, day, localDay)])
    // The one asked for (from « Aujourd'hui ») first, then those to chase, open, answered.
    .sort(([a, ta], [b, tb]) => (b.id === wanted) - (a.id === wanted)
      || rank(a, ta) - rank(b, tb) || String(a.sent_at || '').localeCompare(String(b.sent_at || '')));
  const partners = new Map((await ctx.db.getAll('partners')).map((p) => [p.id, p]));
  const answer = async (r, status, extra = {}) => {
    const fields = { status, answered_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), ...extra };
    if (status === 'validee' && !r.beneficiary_id) {
      const pid = uuid();
      const person = { first_name: r.first_name, last_name: r.last_name };
      for (const k of ['birth_date', 'phone', 'email', 'commune', 'commune_code']) if (r[k]) person[k] = r[k];
      if (r.partner_id) person.referred_by = r.partner_id;
      await ctx.save('beneficiaries', pid, person);
      fields.beneficiary_id = pid;
    }
    await ctx.save('referrals', r.id, fields);
    announce(status === 'validee' ? 'Orientation validée, fiche créée.' : 'Orientation refusée.', 'ok');
    ctx.router.render();
  };
  const validate = (r) => async () => {
    if (await ask(`Valider l'orientation de ${r.first_name} ${r.last_name} et créer sa fiche ?`, { ok: 'Valider' })) await answer(r, 'validee');
  };
  const refuse = (r) => () => {
    const box = document.getElementById(`actions-${r.id}`);
    const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
    const form = h('form', { class: 'form', id: `refus-${r.id}`, novalidate: true },
      field({ label: 'Motif du refus', name: 'refusal_reason', required: true, options: options(REFUSAL_REASONS, { empty: '— choisir —' }) }),
      field({ label: 'Commentaire (facultatif, lu par le prescripteur)', name: 'reason', kind: 'textarea', hint: 'Pas d\'information de santé.' }),
      errors, h('button', { type: 'submit' }, 'Confirmer le refus'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const code = form.elements.refusal_reason.value;
      if (!code) { replace(errors, h('p', {}, 'Choisissez le motif du refus.')); errors.focus(); return; }
      const comment = form.elements.reason.value.trim();
      answer(r, 'refusee', { refusal_reason: code, ...(comment ? { reason: comment } : {}) });
    });
    replace(box, form);
    form.elements.refusal_reason.focus();
  };
  const card = ([r, t]) => h('li', { class: 'card', id: `orientation-${r.id}` },
    h('h2', {}, `${r.first_name} ${r.last_name} `, h('span', { class: `badge ${r.status}` }, label(REFERRAL_STATUS, r.status)),
      t && t.chase ? [' ', h('span', { class: 'badge a-rappeler' }, 'À relancer')] : null),
    t ? h('p', { class: 'timers' }, timersText(t)) : null,
    h('p', {}, [r.commune, r.birth_date ? `né·e le ${fmtShortDate(r.birth_date)}` : '', r.partner_id && partners.get(r.partner_id) ? `par ${partners.get(r.partner_id).nom}` : ''].filter(Boolean).join(' · ')),
    r.situation ? h('p', {}, h('strong', {}, 'Situation : '), r.situation) : null,
    r.needs ? h('p', {}, h('strong', {}, 'Besoins : '), r.needs) : null,
    h('p', {}, h('strong', {}, 'Contact : '), [label(CONTACT_PREF, r.contact_preference), r.phone, r.email].filter(Boolean).join(' · ')),
    answerText(r) ? h('p', {}, h('strong', {}, 'Motif : '), answerText(r)) : null,
    r.beneficiary_id ? h('p', {}, h('a', { href: `#/ref/jeune/${r.beneficiary_id}` }, 'Voir la fiche')) : null,
    r.status === 'ouverte' ? h('div', { class: 'actions', id: `actions-${r.id}` },
      h('button', { type: 'button', on: { click: validate(r) } }, 'Valider'),
      h('button', { type: 'button', class: 'secondary', on: { click: refuse(r) } }, 'Refuser')) : null);
  const chase = all.filter(([, t]) => t && t.chase).length;
  return [
    h('h1', {}, 'Orientations reçues'),
    chase ? h('p', { class: 'lead' }, `${chase} orientation${chase > 1 ? 's' : ''} sans réponse depuis 10 jours ou plus : à relancer.`) : null,
    all.length ? h('ul', { class: 'cards', id: 'orientations-recues' }, all.map(card)) : emptyState('Aucune orientation reçue.'),
  ];
}

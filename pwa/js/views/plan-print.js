// The young person's plan in plain French, to print (app.css, @media print) or to share as
// text from the tablet: what to do, who does it, for when. Works offline: nothing is fetched.
import { h, backLink, fullName, fmtDate, localDay, announce } from '../ui.js';
import { isOpenStep } from '../due.js';
import { groupSteps, objectiveOrder } from './plan.js';
import { holderName } from './legal.js';

const WHO = { jeune: 'Toi', referente: 'Ta référente mobilité' };

// Who does a step, said to the young person.
export function whoDoes(s, partnerName) {
  if (s.carried_by === 'partenaire') return partnerName(s.partner_id) || 'Un partenaire';
  return WHO[s.carried_by] || 'Toi';
}

// The plan as the young person reads it: [{ title, reached, steps: [{ label, who, when, done, contact }] }].
export function planForYou({ objectives, steps, offers, partners }) {
  const partnerName = (id) => (partners.find((p) => p.id === id) || {}).nom;
  const offerOf = (id) => offers.find((o) => o.id === id);
  const shown = objectives.filter((o) => o.status !== 'abandonne').sort(objectiveOrder);
  const { by, loose } = groupSteps(shown, steps.filter((s) => s.status !== 'abandonne'));
  const line = (s) => {
    const offer = offerOf(s.offer_id);
    return { label: s.label, who: whoDoes(s, partnerName), when: s.due_date ? fmtDate(s.due_date) : null, done: !isOpenStep(s),
      contact: offer ? [offer.telephone, [offer.adresse, offer.commune].filter(Boolean).join(', ')].filter(Boolean).join(' · ') : '' };
  };
  const parts = shown.map((o) => ({ title: o.label, reached: o.status === 'atteint', steps: by.get(o.id).map(line) }));
  if (loose.length) parts.push({ title: shown.length ? 'Autres choses à faire' : 'Ce que je vais faire', reached: false, steps: loose.map(line) });
  return parts;
}

// Whom to ask: the referent, of the structure the account works in when it is known.
export const askWhom = (structure) => `Une question ? Ta référente mobilité${structure ? `, ${structure}` : ''}.`;

// The same plan as plain text (to share by message or e-mail).
export function planText(name, parts, day, structure = null) {
  const out = [`Mon plan pour bouger — ${name}`, `Fait le ${fmtDate(day)}`];
  for (const part of parts) {
    out.push('', `${part.reached ? '✓ ' : ''}${part.title}`);
    for (const s of part.steps) out.push(`- ${s.done ? '[fait] ' : ''}${s.label} · Qui : ${s.who}${s.when ? ` · Pour le ${s.when}` : ''}${s.contact ? ` · Contact : ${s.contact}` : ''}`);
  }
  out.push('', askWhom(structure));
  return out.join('\n');
}

export async function planPrint(ctx, { id }) {
  const person = await ctx.db.get('beneficiaries', id);
  if (!person) return [backLink('#/ref/jeunes', 'Jeunes'), h('h1', {}, 'Fiche introuvable')];
  const [objectives, steps, offers, partners] = await Promise.all([ctx.db.getAll('objectives', 'beneficiary_id', id),
    ctx.db.getAll('action_steps', 'beneficiary_id', id), ctx.db.getAll('offers'), ctx.db.getAll('partners')]);
  const parts = planForYou({ objectives, steps, offers, partners });
  const day = localDay();
  const name = fullName(person);
  const structure = holderName(ctx.auth.user());
  const share = async () => {
    const text = planText(name, parts, day, structure);
    try {
      if (navigator.share) await navigator.share({ title: 'Mon plan pour bouger', text });
      else { await navigator.clipboard.writeText(text); announce('Le plan est copié : collez-le dans un message.', 'ok'); }
    } catch (err) {
      if (err && err.name !== 'AbortError') announce('Le partage n\'a pas marché sur cet appareil : imprimez le plan.', 'error');
    }
  };
  return [
    h('div', { class: 'no-print' }, backLink(`#/ref/jeune/${id}`, name),
      h('p', { class: 'actions' },
        h('button', { type: 'button', id: 'imprimer', on: { click: () => window.print() } }, 'Imprimer'),
        h('button', { type: 'button', class: 'secondary', id: 'partager', on: { click: share } }, 'Partager le texte'))),
    h('article', { class: 'print-plan', id: 'plan-jeune' },
      h('h1', {}, `Mon plan pour bouger`),
      h('p', { class: 'lead' }, `${name} · fait le ${fmtDate(day)}`),
      parts.length ? parts.map((part, i) => h('section', { 'aria-labelledby': `partie-${i}` },
        h('h2', { id: `partie-${i}` }, part.reached ? `${part.title} (atteint ✓)` : part.title),
        part.steps.length ? h('ul', { class: 'plan-steps' }, part.steps.map((s) => h('li', { class: s.done ? 'done' : '' },
          h('span', { class: 'box', 'aria-hidden': 'true' }, s.done ? '☑' : '☐'),
          h('span', {}, h('strong', {}, s.label), s.done ? ' (fait)' : '', h('br'),
            `Qui : ${s.who}`, s.when ? ` · Pour le ${s.when}` : '', s.contact ? [h('br'), `Contact : ${s.contact}`] : '')))) : (part.reached ? null : h('p', {}, 'Les étapes viendront au prochain rendez-vous.'))))
        : h('p', {}, 'Ton plan est encore vide : on le remplit ensemble au prochain rendez-vous.'),
      h('p', { class: 'plan-foot' }, askWhom(structure))),
  ];
}

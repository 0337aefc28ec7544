// Youth space: the self-test « Où j'en suis pour bouger ? ». Everything happens on the phone,
// without network. The answers stay in memory only (a public draft, drafts.js): on a lent
// tablet they never reach the disk. They leave only with a call-back request, box ticked.
import { h, replace, radios, formValues, announce } from '../ui.js';
import { NEEDS } from '../labels.js';
import { QUESTIONS, cleanAnswers, pointedNeeds } from '../selftest.js';
import { catalogueData } from '../public-data.js';
import { filterOffers } from '../catalogue.js';

const needWords = (k) => (NEEDS.find(([key]) => key === k) || [k, k])[1];

function result(answers, offers) {
  const needs = pointedNeeds(answers);
  const accessible = answers.adapte === 'oui';
  const link = (need) => `#/jeunes?besoin=${encodeURIComponent(need)}${accessible ? '&accessible=1' : ''}`;
  const items = needs.map((need) => {
    const n = filterOffers(offers, { need, accessible }).length;
    return h('li', { class: 'card' },
      h('h3', {}, needWords(need)),
      h('p', {}, n ? `${n} aide${n > 1 ? 's' : ''} pour toi.` : 'Pas encore d\'aide dans le catalogue de ce téléphone.'),
      h('a', { class: 'button', href: link(need) }, `Voir les aides : ${needWords(need)}`));
  });
  return [
    h('h2', { tabindex: '-1', id: 'resultat-titre' }, 'Ton résultat'),
    needs.length ? h('p', {}, 'Voici les aides qui peuvent t\'aider.') : h('p', {}, 'Réponds à quelques questions pour voir les aides.'),
    accessible ? h('p', {}, 'Nous montrons d\'abord les lieux accessibles.') : null,
    needs.length ? h('ul', { class: 'cards' }, items) : null,
    h('p', {}, 'Tu veux en parler ? ',
      h('a', { href: '#/jeunes/rappel', id: 'test-rappel' }, 'Demande à la référente mobilité de te rappeler.'),
      ' Tu pourras lui envoyer tes réponses, si tu veux.'),
  ];
}

export async function selfTest(ctx) {
  const { offers } = await catalogueData(ctx);
  const out = h('div', { id: 'resultat' });
  const form = h('form', { class: 'form selftest', 'data-draft': 'auto-test', novalidate: true },
    QUESTIONS.map(([name, legend, hint, answers], i) => radios({ legend: `${i + 1}. ${legend}`, name, hint, options: answers, inline: false })),
    h('button', { type: 'submit' }, 'Voir mon résultat'));
  const restored = await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await ctx.drafts.save(form); // kept in memory for the call-back form
    replace(out, result(cleanAnswers(formValues(form)), offers));
    out.querySelector('#resultat-titre').focus();
    announce('Ton résultat est prêt.', 'ok');
  });
  if (restored) replace(out, result(cleanAnswers(formValues(form)), offers));
  return [
    h('h1', {}, 'Où j\'en suis pour bouger ?'),
    h('p', { class: 'lead' }, `${QUESTIONS.length} questions. Ça prend 2 minutes. Pas besoin d'Internet.`),
    h('p', {}, 'Tu réponds si tu veux. Tes réponses restent sur ce téléphone.'),
    form, out,
  ];
}

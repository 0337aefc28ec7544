// The coordinator writes the words of the year's review (PUT /api/reports/review?year=):
// highlights, difficulties, and quotes given with the person's consent, without a name. They
// print after the figures in the yearly PDF and page. Online only, like the targets.
import { h, nextId, announce } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';

const MAX_QUOTES = 12;

function area(name, label, hint, value) {
  const id = nextId(`bilan-${name}`);
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('p', { class: 'hint', id: `${id}-aide` }, hint),
    h('textarea', { id, name, rows: 5, maxlength: 5000, 'aria-describedby': `${id}-aide` }, value || ''));
}

function quoteRow(quote = {}) {
  const n = nextId('parole');
  const remove = h('button', { type: 'button', class: 'secondary small' }, 'Retirer cette parole');
  const row = h('fieldset', { class: 'quote' }, h('legend', {}, 'Parole citée'),
    h('div', { class: 'field' }, h('label', { for: `${n}-t` }, 'Ses mots'), h('textarea', { id: `${n}-t`, name: 'text', rows: 2, maxlength: 500 }, quote.text || '')),
    h('div', { class: 'field' }, h('label', { for: `${n}-w` }, 'Qui (sans nom : « une jeune de 19 ans »)'), h('input', { id: `${n}-w`, name: 'who', maxlength: 100, value: quote.who || '' })),
    h('p', { class: 'check' }, h('input', { type: 'checkbox', id: `${n}-c`, name: 'consent', checked: quote.consent === true }),
      h('label', { for: `${n}-c` }, 'La personne est d\'accord pour être citée')),
    h('p', {}, remove));
  remove.addEventListener('click', () => { const list = row.parentElement; row.remove(); list && list.dispatchEvent(new Event('change')); });
  return row;
}

export function reviewForm(ctx, year) {
  const highlights = area('highlights', 'Faits marquants', 'Ce qui a marché, ce qui a changé cette année.', '');
  const difficulties = area('difficulties', 'Difficultés rencontrées', 'Ce qui a freiné l\'action : à dire aux financeurs.', '');
  const quotes = h('div', { id: 'paroles' });
  const add = h('button', { type: 'button', class: 'secondary' }, 'Ajouter une parole');
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'form', id: 'bilan-form', novalidate: true }, highlights, difficulties,
    h('h3', {}, 'Paroles de personnes accompagnées'), quotes, h('p', {}, add), status,
    h('button', { type: 'submit' }, `Enregistrer le bilan ${year}`));
  add.addEventListener('click', () => {
    if (quotes.children.length >= MAX_QUOTES) { status.textContent = `${MAX_QUOTES} paroles au plus.`; return; }
    const row = quoteRow();
    quotes.append(row);
    row.querySelector('textarea').focus();
  });
  const fill = (review) => {
    form.elements.highlights.value = review.highlights || '';
    form.elements.difficulties.value = review.difficulties || '';
    quotes.replaceChildren(...(review.quotes || []).map(quoteRow));
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      highlights: form.elements.highlights.value, difficulties: form.elements.difficulties.value,
      quotes: [...quotes.querySelectorAll('fieldset')].map((f) => ({ text: f.querySelector('[name=text]').value.trim(), who: f.querySelector('[name=who]').value.trim() || null, consent: f.querySelector('[name=consent]').checked })),
    };
    const missing = body.quotes.findIndex((q) => !q.text || !q.consent);
    if (missing >= 0) {
      status.textContent = `Parole n° ${missing + 1} : il faut ses mots et l'accord de la personne.`;
      quotes.querySelectorAll('fieldset')[missing].querySelector(body.quotes[missing].text ? '[name=consent]' : '[name=text]').focus();
      return;
    }
    try {
      fill(await ctx.api.request('PUT', `/api/reports/review?year=${year}`, { body }));
      status.textContent = '';
      announce(`Bilan ${year} enregistré : il figure dans le bilan PDF.`, 'ok');
    } catch (err) {
      status.textContent = err instanceof NetworkError ? 'Pas de connexion : le bilan n\'a pas été enregistré. Réessayez une fois connecté·e.'
        : `Le bilan n'a pas été enregistré : ${err instanceof ApiError ? err.message : 'erreur'}`;
    }
  });
  ctx.api.get(`/api/reports/review?year=${year}`).then(fill).catch(() => { status.textContent = 'Le bilan se lit et s\'écrit avec une connexion.'; });
  return h('details', { class: 'panel', id: 'bilan' }, h('summary', {}, `Bilan qualitatif ${year}`),
    h('p', { class: 'hint' }, 'Ces textes paraissent dans le bilan PDF après les chiffres. Aucun nom : les personnes sont décrites, jamais nommées.'), form);
}

// Referent: a call-back request's self-test, in words, and the mobility diagnostic started
// from it (the answers the self-test covers are filled in, see selftest.js toDiagnostic).
import { h, field, fullName, uuid, announce } from '../ui.js';
import { QUESTIONS, WORDS, answerWords } from '../selftest.js';

// "Inès Martin" -> first name "Inès", last name "Martin" (the referent corrects the file).
function splitName(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  return { first_name: words[0] || 'Sans nom', last_name: words.slice(1).join(' ') || '—' };
}

export function selfTestBlock(ctx, c, people) {
  const t = c.self_test;
  const rows = QUESTIONS.filter(([q]) => t[q]).map(([q]) => [h('dt', {}, WORDS[q]), h('dd', {}, answerWords(q, t[q]))]);
  const form = h('form', { class: 'form inline' },
    field({ label: 'Fiche du ou de la jeune', name: 'person', options: [['', `Créer une fiche : ${c.name || 'sans nom'}`], ...people.map((p) => [p.id, fullName(p)])], value: c.beneficiary_id || '' }),
    h('button', { type: 'submit', class: 'small' }, 'Commencer le diagnostic avec ces réponses'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let pid = form.elements.person.value;
    if (!pid) {
      pid = uuid();
      const person = { ...splitName(c.name) };
      if (c.phone) person.phone = c.phone;
      if (c.email) person.email = c.email;
      if (t.adapte === 'oui') person.adapted_transport = true; // said by the young person
      await ctx.save('beneficiaries', pid, person);
      announce('Fiche créée.', 'ok');
    }
    if (c.beneficiary_id !== pid) await ctx.save('contacts', c.id, { beneficiary_id: pid });
    location.hash = `#/ref/jeune/${pid}/diagnostic?test=${encodeURIComponent(c.id)}`;
  });
  return h('details', { class: 'panel selftest' },
    h('summary', {}, 'Réponses au test « Où j\'en suis pour bouger ? »'),
    h('dl', { class: 'facts' }, rows),
    t.adapte === 'oui' ? h('p', {}, 'Besoin d\'un transport adapté : à noter sur sa fiche.') : null,
    form);
}

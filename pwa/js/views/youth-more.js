// Youth space: upcoming drop-ins, and the "Je veux être rappelé·e" form (queued offline).
import { h, field, emptyState, fmtDate, fmtTime, formValues, announce, replace } from '../ui.js';
import { SESSION_KINDS, label } from '../labels.js';
import { loadPublic } from '../public-data.js';

export async function dropIns(ctx) {
  const { items } = await loadPublic(ctx, 'sessions', { onUpdate: () => ctx.router.render() });
  const upcoming = items.filter((s) => (s.ends_at || s.starts_at) >= new Date().toISOString())
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return [
    h('h1', {}, 'Rencontrer la référente mobilité'),
    h('p', { class: 'lead' }, 'Viens sans rendez-vous. C\'est gratuit. Tu peux venir seul·e ou avec quelqu\'un.'),
    upcoming.length ? h('ul', { class: 'cards' }, upcoming.map((s) => h('li', { class: 'card' },
      h('h2', {}, s.title),
      h('p', { class: 'when' }, h('strong', {}, fmtDate(s.starts_at)), ` de ${fmtTime(s.starts_at)}`, s.ends_at ? ` à ${fmtTime(s.ends_at)}` : ''),
      s.place ? h('p', {}, `Où : ${s.place}`) : null,
      h('p', { class: 'tags' }, h('span', { class: 'tag' }, label(SESSION_KINDS, s.kind)))))) : emptyState('Pas de date prévue pour l\'instant. Demande à être rappelé·e.'),
    h('p', {}, h('a', { class: 'button', href: '#/jeunes/rappel' }, 'Je veux être rappelé·e')),
  ];
}

export async function callback(ctx) {
  const queued = (await ctx.requests.list()).filter((r) => r.path === '/api/contact-requests');
  const box = h('div', { class: 'notice', role: 'status' });
  if (queued.length) replace(box, h('p', {}, 'Ta demande est gardée sur ce téléphone. Elle partira toute seule quand Internet revient.'));
  const { territory, communePicker, pick } = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => ({})); // without it, no commune field
  // The browser may help fill the form on the young person's own phone, never on a staff tablet.
  const own = (kind) => (ctx.lock.phase() === 'none' ? kind : 'off');
  // The self-test's answers, if it was just taken (memory only): sent only with this box ticked.
  const kept = await ctx.drafts.load('auto-test');
  const { cleanAnswers, QUESTIONS } = kept ? await import('../selftest.js') : {};
  const test = kept ? cleanAnswers(kept.values) : {};
  const hasTest = Object.keys(test).length > 0;
  const form = h('form', { class: 'form', 'data-draft': 'rappel', novalidate: true },
    field({ label: 'Ton prénom et ton nom', name: 'name', required: true, autocomplete: own('name') }),
    field({ label: 'Ton numéro de téléphone', name: 'phone', type: 'tel', required: true, autocomplete: own('tel'), inputmode: 'tel', hint: 'Exemple : 06 12 34 56 78' }),
    field({ label: 'Ton courriel (si tu veux)', name: 'email', type: 'email', autocomplete: own('email') }),
    ...(territory ? [communePicker({ label: 'Tu habites à… (si tu veux)', name: 'commune', territory, hint: 'Écris le début du nom de ta commune, puis choisis-la dans la liste.' })] : []),
    field({ label: 'Ton besoin, en quelques mots (si tu veux)', name: 'message', kind: 'textarea' }),
    hasTest ? field({ label: 'J\'envoie aussi mes réponses au test « Où j\'en suis pour bouger ? »', name: 'send_test', type: 'checkbox', hint: `${Object.keys(test).length} réponses sur ${QUESTIONS.length}. Rien n'est envoyé si tu ne coches pas.` }) : null,
    field({ label: 'J\'accepte que la Mission Locale garde mon nom et mon numéro pour me rappeler.', name: 'consent', type: 'checkbox', required: true, hint: 'Ils ne servent qu\'à ça. Tu peux demander de les effacer.' }),
    h('div', { class: 'errors', role: 'alert' }),
    h('button', { type: 'submit' }, 'Envoyer ma demande'));
  await ctx.drafts.bind(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    const problems = [];
    if (!v.name) problems.push('Écris ton prénom et ton nom.');
    if (!v.phone || v.phone.replace(/\D/g, '').length < 10) problems.push('Écris un numéro de téléphone à 10 chiffres.');
    if (v.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email)) problems.push('Le courriel n\'est pas complet.');
    const place = !territory ? {} : v.commune_code ? { commune: territory.commune(v.commune_code) } : pick(territory, v.commune);
    if (place.problem) problems.push(place.problem);
    if (!v.consent) problems.push('Coche la case pour accepter qu\'on te rappelle.');
    const errors = form.querySelector('.errors');
    replace(errors, problems.length ? h('ul', {}, problems.map((p) => h('li', {}, p))) : '');
    if (problems.length) { form.querySelector('.errors').focus?.(); return; }
    const body = { id: crypto.randomUUID(), name: v.name, phone: v.phone, consent: true }; // the id makes a retry idempotent
    for (const k of ['email', 'message']) if (v[k]) body[k] = v[k];
    if (place.commune) Object.assign(body, { commune: place.commune.nom, commune_code: place.commune.code });
    if (hasTest && v.send_test === true) Object.assign(body, { self_test: test, self_test_consent: true });
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const item = await ctx.requests.queue('/api/contact-requests', body);
    await ctx.drafts.discard('rappel');
    if (body.self_test) await ctx.drafts.discard('auto-test');
    form.reset();
    await ctx.requests.flush();
    button.disabled = false;
    const still = (await ctx.requests.list()).find((r) => r.id === item.id);
    if (still && still.error) {
      await ctx.requests.remove(item.id);
      replace(box, h('p', { class: 'error' }, `Ta demande n'a pas été acceptée : ${still.error}`));
      return;
    }
    const msg = still ? 'Merci ! Pas d\'Internet pour l\'instant : ta demande partira toute seule quand le réseau revient.' : 'Merci ! Ta demande est envoyée. La référente mobilité va te rappeler.';
    replace(box, h('p', {}, msg));
    announce(msg, 'ok');
  });
  return [
    h('h1', {}, 'Je veux être rappelé·e'),
    h('p', { class: 'lead' }, 'Laisse ton numéro. La référente mobilité te rappelle pour parler de tes trajets.'),
    box, form,
  ];
}

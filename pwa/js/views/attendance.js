// Referent: take attendance fast. Type a name, Enter marks the only match present, or opens
// "add a new young person" prefilled; anonymous head count with −/+.
import { h, replace, field, emptyState, fmtDate, fmtTime, backLink, normalize, fullName, uuid, announce } from '../ui.js';
import { SESSION_KINDS, label } from '../labels.js';

export function searchPeople(people, text, max = 8) {
  const words = normalize(text).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return people.filter((p) => {
    const hay = normalize(`${p.first_name} ${p.last_name} ${p.commune || ''}`);
    return words.every((w) => hay.includes(w));
  }).sort((a, b) => normalize(fullName(a)).localeCompare(normalize(fullName(b)))).slice(0, max);
}

export function splitName(text) {
  const parts = String(text).trim().split(/\s+/);
  return { first_name: parts[0] || '', last_name: parts.slice(1).join(' ') };
}

export async function attendance(ctx, { id }) {
  const session = await ctx.db.get('sessions', id);
  if (!session) return [backLink('#/ref'), h('h1', {}, 'Séance introuvable'), emptyState('Elle a peut-être été supprimée.')];
  const people = await ctx.db.getAll('beneficiaries');
  // Without the official list on the device (never loaded), the commune stays as it is.
  const kit = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => null);
  const byId = new Map(people.map((p) => [p.id, p]));
  let rows = await ctx.db.getAll('attendances', 'session_id', id);

  const presentList = h('ul', { class: 'list', id: 'presents' });
  const presentTitle = h('h2', {});
  const results = h('ul', { class: 'list', id: 'resultats', 'aria-live': 'polite' });
  const addBox = h('div');
  const search = h('input', { id: 'recherche', type: 'search', autocomplete: 'off', 'aria-describedby': 'recherche-aide' });
  const present = (pid) => rows.some((a) => a.beneficiary_id === pid && a.present !== false);

  async function mark(person, on = true) {
    const existing = rows.find((a) => a.beneficiary_id === person.id);
    if (existing) {
      if ((existing.present !== false) === on) return;
      await ctx.save('attendances', existing.id, { present: on });
    } else {
      await ctx.save('attendances', uuid(), { session_id: id, beneficiary_id: person.id, present: on });
    }
    rows = await ctx.db.getAll('attendances', 'session_id', id);
    announce(`${fullName(person)} ${on ? 'est présent·e' : 'n\'est plus marqué·e présent·e'}.`, 'ok');
    draw();
  }

  function drawPresent() {
    const here = rows.filter((a) => a.present !== false).map((a) => byId.get(a.beneficiary_id) || { id: a.beneficiary_id, first_name: '(fiche', last_name: 'pas encore reçue)' });
    presentTitle.textContent = `Présent·es : ${here.length}`;
    replace(presentList, here.length ? here.map((p) => h('li', {},
      h('a', { href: `#/ref/jeune/${p.id}` }, fullName(p)),
      h('button', { type: 'button', class: 'small secondary', on: { click: () => mark(p, false) } }, `Retirer ${fullName(p)}`))) : h('li', {}, emptyState('Personne pour l\'instant.')));
  }

  function drawResults() {
    const text = search.value;
    const found = searchPeople(people, text);
    replace(results, found.map((p) => h('li', {},
      h('span', {}, fullName(p), p.commune ? ` (${p.commune})` : ''),
      h('button', { type: 'button', class: 'small', 'aria-pressed': present(p.id) ? 'true' : 'false', on: { click: () => mark(p, !present(p.id)) } },
        present(p.id) ? `${fullName(p)} : présent·e ✓` : `Marquer ${fullName(p)} présent·e`))));
    replace(addBox, text.trim() ? h('button', { type: 'button', class: 'secondary', id: 'ajouter', on: { click: () => openAdd(text) } }, `Ajouter « ${text.trim()} » (nouvelle personne)`) : '');
  }

  function openAdd(text) {
    const { first_name, last_name } = splitName(text);
    const form = h('form', { class: 'form', id: 'ajout-rapide' },
      h('h2', {}, 'Nouvelle personne'),
      field({ label: 'Prénom', name: 'first_name', required: true, value: first_name, autocomplete: 'off' }),
      field({ label: 'Nom', name: 'last_name', required: true, value: last_name, autocomplete: 'off' }),
      kit ? kit.communePicker({ label: 'Commune', name: 'commune', territory: kit.territory }) : h('p', { class: 'hint' }, 'La liste officielle des communes n\'est pas encore sur cet appareil : la commune pourra être choisie après une connexion à Internet.'),
      field({ label: 'Accord donné pour garder ses informations (RGPD)', name: 'consent', type: 'checkbox' }),
      h('p', { class: 'errors', role: 'alert' }),
      h('button', { type: 'submit' }, 'Ajouter et marquer présent·e'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = form.elements;
      if (!f.first_name.value.trim() || !f.last_name.value.trim()) { form.querySelector('.errors').textContent = 'Prénom et nom obligatoires.'; return; }
      const place = kit ? kit.communeFields(kit.territory, form) : { fields: {} };
      if (place.problem) { form.querySelector('.errors').textContent = `Commune : ${place.problem}`; return; }
      const person = { first_name: f.first_name.value.trim(), last_name: f.last_name.value.trim() };
      if (place.fields.commune_code) Object.assign(person, place.fields);
      if (f.consent.checked) { person.consent_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'); person.consent_scope = 'accompagnement mobilite'; }
      const pid = uuid();
      await ctx.save('beneficiaries', pid, person);
      const created = { id: pid, ...person };
      people.push(created); byId.set(pid, created);
      search.value = '';
      await mark(created, true);
      search.focus();
    });
    replace(addBox, form);
    (last_name ? form.querySelector('button[type=submit]') : form.elements.last_name).focus();
  }

  function draw() { drawPresent(); drawResults(); }

  search.addEventListener('input', drawResults);
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const found = searchPeople(people, search.value);
    if (found.length === 1) { mark(found[0], true); search.value = ''; drawResults(); } else if (!found.length && search.value.trim()) openAdd(search.value);
  });

  // Anonymous head count (people who do not register).
  let anon = session.anonymous_count || 0;
  const out = h('output', { id: 'anonymes', 'aria-live': 'polite' }, String(anon));
  const setAnon = async (n) => {
    anon = Math.max(0, n);
    out.textContent = String(anon);
    await ctx.save('sessions', id, { anonymous_count: anon });
  };
  draw();
  setTimeout(() => search.focus(), 0);
  return [
    backLink('#/ref', 'Aujourd\'hui'),
    h('h1', {}, session.title || 'Séance'),
    h('p', {}, `${fmtDate(session.starts_at)}, ${fmtTime(session.starts_at)}${session.ends_at ? ` – ${fmtTime(session.ends_at)}` : ''} · ${label(SESSION_KINDS, session.kind)}${session.place ? ` · ${session.place}` : ''} · `, h('a', { href: `#/ref/seance/${id}/modifier` }, 'Modifier')),
    h('div', { class: 'field' }, h('label', { for: 'recherche' }, 'Chercher un·e jeune (prénom ou nom)'),
      h('p', { class: 'hint', id: 'recherche-aide' }, 'Entrée : marque présent·e s\'il n\'y a qu\'un résultat, ou ajoute une nouvelle personne.'), search),
    results, addBox,
    presentTitle, presentList,
    h('h2', { id: 'anon-titre' }, 'Personnes venues sans s\'inscrire'),
    h('div', { class: 'counter', role: 'group', 'aria-labelledby': 'anon-titre' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Une personne de moins', on: { click: () => setAnon(anon - 1) } }, '−'),
      out,
      h('button', { type: 'button', 'aria-label': 'Une personne de plus', on: { click: () => setAnon(anon + 1) } }, '+')),
  ];
}

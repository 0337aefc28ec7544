// Conflicts: the values side by side (mine / the server's); choose or edit, then resolve.
// Resolving needs the network; the list itself is kept from the last sync.
import { h, replace, emptyState, fmtDateTime, announce, nextId } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';
import { tableLabel, fieldOf, showValue, choices } from '../values.js';

// The kinds a referent can type another value for; a diagnostic's answers or a link to
// another row are chosen from one side (the diagnostic form is the place to change them).
function otherInput(kind, list, label, start) {
  const attrs = { 'aria-label': `Autre valeur pour « ${label} »` };
  if (kind.startsWith('code:')) {
    return h('select', attrs, ...[['', '(vide)'], ...choices(list)].map(([v, t]) => h('option', { value: v, selected: v === (start ?? '') }, t)));
  }
  if (kind === 'day') return h('input', { ...attrs, type: 'date', value: typeof start === 'string' ? start : '' });
  if (kind === 'number') return h('input', { ...attrs, type: 'number', step: 'any', value: start ?? '' });
  if (kind === 'text') return h('input', { ...attrs, type: 'text', value: start ?? '' });
  return null;
}

function readOther(kind, input) {
  const text = input.value.trim();
  if (text === '') return null;
  return kind === 'number' ? Number(text) : text;
}

async function partyNames(ctx) {
  // Partners and offers are in clear on the device: a link to one reads as its name.
  const rows = [...(await ctx.db.rows('partners').catch(() => [])), ...(await ctx.db.rows('offers').catch(() => []))];
  const names = new Map(rows.map((r) => [r.id, r.nom]));
  return (id) => names.get(id) || null;
}

function conflictCard(ctx, c, names) {
  const form = h('form', { class: 'form' });
  for (const [name, pair] of Object.entries(c.fields || {})) {
    const group = nextId('cf');
    const { label, kind, list } = fieldOf(c.table, name);
    const opt = (value, text, checked) => { const id = nextId('opt'); return h('span', { class: 'radio' }, h('input', { type: 'radio', id, name: group, value, checked }), h('label', { for: id }, text)); };
    const edit = name === '_deleted' ? null : otherInput(kind, list, label, pair.client ?? pair.server);
    const fs = h('fieldset', { 'data-field': name }, h('legend', {}, label),
      h('div', { class: 'side' },
        h('div', {}, opt('client', `Ma valeur : ${showValue(c.table, name, pair.client, names)}`, true)),
        h('div', {}, opt('server', `Valeur du serveur : ${showValue(c.table, name, pair.server, names)}`, false))),
      edit ? h('div', {}, opt('edit', 'Autre valeur :', false), edit) : null);
    fs.pair = pair; fs.edit = edit; fs.group = group; fs.kind = kind;
    form.append(fs);
  }
  // A commune's name and its INSEE code go together: taking one side's takes its other half.
  form.addEventListener('change', (e) => {
    const field = e.target.closest('fieldset')?.dataset.field;
    const twin = { commune: 'commune_code', commune_code: 'commune' }[field];
    const other = twin && form.querySelector(`fieldset[data-field="${twin}"]`);
    if (other && ['client', 'server'].includes(e.target.value)) other.querySelector(`input[value="${e.target.value}"]`).checked = true;
  });
  const status = h('p', { role: 'status' });
  form.append(status, h('button', { type: 'submit' }, 'Régler ce conflit'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fields = {};
    for (const fs of form.querySelectorAll('fieldset')) {
      const choice = form.querySelector(`input[name="${fs.group}"]:checked`).value;
      fields[fs.dataset.field] = choice === 'edit' ? readOther(fs.kind, fs.edit) : fs.pair[choice];
    }
    if ('_deleted' in fields && fields._deleted !== true) delete fields._deleted;
    try {
      await ctx.api.post(`/api/sync/conflicts/${encodeURIComponent(c.id)}/resolve`, { fields });
      const known = (await ctx.db.getMeta('conflicts', [])) || [];
      await ctx.db.setMeta('conflicts', known.filter((k) => k.id !== c.id)); // the status bar at once
      ctx.status && ctx.status.refresh();
      announce('Conflit réglé.', 'ok');
      await ctx.syncNow();
      ctx.router.render();
    } catch (err) {
      status.textContent = err instanceof NetworkError ? 'Pas de réseau : réessayez quand la connexion revient.' : `Refusé : ${err instanceof ApiError ? err.message : 'erreur'}`;
    }
  });
  return h('li', { class: 'card' }, h('h2', {}, `${tableLabel(c.table)} · ${fmtDateTime(c.created_at)}`),
    c.author ? h('p', {}, `Modification de : ${typeof c.author === 'object' ? c.author.name || c.author.id : c.author}`) : null, form);
}

// A soft conflict: this device wrote some fields of a row another device had changed since;
// both writes are kept. Optional: a look, then « Vu ».
function reviewCard(ctx, r, names) {
  const line = (name, value) => h('li', {}, `${fieldOf(r.table, name).label} : ${showValue(r.table, name, value, names)}`);
  const written = Object.entries(r.fields || {}).filter(([, v]) => 'client' in v);
  const unseen = Object.entries(r.fields || {}).filter(([, v]) => 'server' in v);
  const status = h('p', { role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary' }, 'Vu', h('span', { class: 'visually-hidden' }, ` : ${tableLabel(r.table)}, ${fmtDateTime(r.created_at)}`));
  const card = h('li', { class: 'card', 'data-review': r.id },
    h('h3', {}, `${tableLabel(r.table)} · ${fmtDateTime(r.created_at)}`),
    h('p', {}, 'Modifié sur un appareil :'), h('ul', {}, written.map(([n, v]) => line(n, v.client))),
    h('p', {}, 'Sans avoir vu ce qu\'un autre appareil venait d\'écrire :'), h('ul', {}, unseen.map(([n, v]) => line(n, v.server))),
    status, h('p', { class: 'actions' }, button));
  button.addEventListener('click', async () => {
    try {
      await ctx.api.post(`/api/sync/conflicts/${encodeURIComponent(r.id)}/seen`, {});
      const list = card.parentElement;
      card.remove();
      announce('Relecture faite.', 'ok');
      if (list && !list.children.length) list.replaceWith(emptyState('Rien à relire.'));
    } catch (err) {
      status.textContent = err instanceof NetworkError ? 'Pas de réseau : réessayez quand la connexion revient.' : `Refusé : ${err instanceof ApiError ? err.message : 'erreur'}`;
    }
  });
  return card;
}

async function reviews(ctx, names) {
  let items;
  try {
    items = (await ctx.api.get('/api/sync/conflicts?status=review')).items || [];
  } catch {
    return h('p', { class: 'hint' }, 'Les relectures s\'affichent avec une connexion.');
  }
  return items.length ? h('ul', { class: 'cards', id: 'relectures' }, items.map((r) => reviewCard(ctx, r, names))) : emptyState('Rien à relire.');
}

export async function conflicts(ctx) {
  const list = h('ul', { class: 'cards', id: 'conflits' });
  let items = (await ctx.db.getMeta('conflicts', [])) || [];
  try {
    items = await ctx.sync.refreshConflicts(); // stored, and the status bar redrawn
  } catch { /* offline: show the last known list */ }
  const names = await partyNames(ctx);
  replace(list, items.map((c) => conflictCard(ctx, c, names)));
  return [
    h('h1', {}, 'Conflits à régler'),
    h('p', {}, 'Deux appareils ont changé la même information. Rien n\'est perdu : choisissez la bonne valeur.'),
    items.length ? list : emptyState('Aucun conflit. Tout est en ordre.'),
    h('h2', {}, 'À relire (facultatif)'),
    h('p', {}, 'Deux appareils ont changé des informations différentes de la même fiche : les deux sont gardées. Vérifiez si l\'ensemble reste juste.'),
    await reviews(ctx, names),
  ];
}

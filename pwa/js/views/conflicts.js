// Conflicts: the values side by side (mine / the server's); choose or edit, then resolve.
// Resolving needs the network; the list itself is kept from the last sync.
import { h, replace, emptyState, fmtDateTime, announce, nextId } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';

const TABLES = { partners: 'Partenaire', offers: 'Offre', beneficiaries: 'Fiche jeune', diagnostics: 'Diagnostic', sessions: 'Séance', attendances: 'Présence', contacts: 'Contact', referrals: 'Orientation', action_steps: 'Étape du plan' };
const show = (v) => (v === null || v === undefined ? '(vide)' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function parseEdited(text, original) {
  if (typeof original === 'number') { const n = Number(text); return Number.isNaN(n) ? text : n; }
  if (typeof original === 'boolean') return text === 'true';
  if (original !== null && typeof original === 'object') { try { return JSON.parse(text); } catch { return original; } }
  return text === '' ? null : text;
}

function conflictCard(ctx, c) {
  const form = h('form', { class: 'form' });
  for (const [name, pair] of Object.entries(c.fields || {})) {
    const group = nextId('cf');
    const legend = name === '_deleted' ? 'Suppression de la fiche' : `Champ « ${name} »`;
    const opt = (value, text, checked) => { const id = nextId('opt'); return h('span', { class: 'radio' }, h('input', { type: 'radio', id, name: group, value, checked }), h('label', { for: id }, text)); };
    const edit = h('input', { type: 'text', 'aria-label': `Autre valeur pour ${name}`, value: show(pair.client) === '(vide)' ? '' : show(pair.client) });
    const fs = h('fieldset', { 'data-field': name }, h('legend', {}, legend),
      h('div', { class: 'side' },
        h('div', {}, opt('client', `Ma valeur : ${show(pair.client)}`, true)),
        h('div', {}, opt('server', `Valeur du serveur : ${show(pair.server)}`, false))),
      name === '_deleted' ? null : h('div', {}, opt('edit', 'Autre valeur :', false), edit));
    fs.pair = pair; fs.edit = edit; fs.group = group;
    form.append(fs);
  }
  const status = h('p', { role: 'status' });
  form.append(status, h('button', { type: 'submit' }, 'Régler ce conflit'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fields = {};
    for (const fs of form.querySelectorAll('fieldset')) {
      const choice = form.querySelector(`input[name="${fs.group}"]:checked`).value;
      const name = fs.dataset.field;
      fields[name] = choice === 'edit' ? parseEdited(fs.edit.value, fs.pair.client ?? fs.pair.server) : fs.pair[choice];
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
  return h('li', { class: 'card' }, h('h2', {}, `${TABLES[c.table] || c.table} · ${fmtDateTime(c.created_at)}`),
    c.author ? h('p', {}, `Modification de : ${typeof c.author === 'object' ? c.author.name || c.author.id : c.author}`) : null, form);
}

export async function conflicts(ctx) {
  const list = h('ul', { class: 'cards', id: 'conflits' });
  let items = (await ctx.db.getMeta('conflicts', [])) || [];
  try {
    items = await ctx.sync.refreshConflicts(); // stored, and the status bar redrawn
  } catch { /* offline: show the last known list */ }
  replace(list, items.map((c) => conflictCard(ctx, c)));
  return [
    h('h1', {}, 'Conflits à régler'),
    h('p', {}, 'Deux appareils ont changé la même information. Rien n\'est perdu : choisissez la bonne valeur.'),
    items.length ? list : emptyState('Aucun conflit. Tout est en ordre.'),
  ];
}

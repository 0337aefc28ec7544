// Coordination: load a file of the national data·inclusion platform. The server checks it
// against the official schema and tells what would change; nothing is applied before « Confirmer ».
import { h, replace, field, announce } from '../ui.js';

const ACTIONS = { creer: 'À créer', modifier: 'À modifier', inchange: 'Inchangée' };
const TABLES = { partners: 'Structures (partenaires)', offers: 'Services (offres)' };

// The file's records: { structures, services }, or one list of either (services name a structure).
export function readCatalogueFile(text) {
  let data;
  try { data = JSON.parse(text); } catch { throw new Error('Ce fichier n\'est pas un fichier JSON lisible.'); }
  if (Array.isArray(data)) {
    const services = data.filter((x) => x && typeof x === 'object' && 'structure_id' in x);
    return { structures: data.filter((x) => !services.includes(x)), services };
  }
  if (data && typeof data === 'object' && (Array.isArray(data.structures) || Array.isArray(data.services))) {
    return { structures: data.structures || [], services: data.services || [] };
  }
  throw new Error('Ce fichier ne contient ni « structures » ni « services » au format data·inclusion.');
}

const plural = (n, word) => `${n} ${word}${n > 1 ? 's' : ''}`;

function summary(part) {
  const count = (action) => part.rows.filter((r) => r.action === action).length;
  const refusedLines = new Set(part.refused.map((e) => e.ligne)).size;
  return `${plural(count('creer'), 'fiche')} à créer, ${count('modifier')} à modifier, ${count('inchange')} inchangée(s), ${plural(refusedLines, 'ligne')} refusée(s).`;
}

function previewTable(table, part) {
  const refused = part.refused.length ? h('ul', { class: 'errors-list' }, part.refused.map((e) =>
    h('li', {}, `Ligne ${e.ligne}, champ « ${e.champ} » : ${e.message}.`))) : null;
  return h('section', { 'data-table': table },
    h('h2', {}, TABLES[table]),
    h('p', {}, summary(part)),
    part.rows.length ? h('table', {},
      h('caption', {}, `Ce que l'import ferait : ${TABLES[table].toLowerCase()}`),
      h('thead', {}, h('tr', {}, ['Ligne', 'Nom', 'Action', 'Champs'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, part.rows.map((r) => h('tr', {},
        h('td', {}, String(r.ligne)), h('td', {}, r.nom || '—'), h('td', {}, ACTIONS[r.action] || r.action),
        h('td', {}, r.action === 'modifier' ? r.champs.join(', ') : '—'))))) : null,
    refused ? h('h3', {}, 'Lignes refusées (rien n\'en sera importé)') : null, refused);
}

export async function dataInclusionImport(ctx) {
  const result = h('div', { id: 'apercu', 'aria-live': 'polite' });
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form' },
    field({ label: 'Fichier JSON de la plateforme data·inclusion', name: 'file', type: 'file', required: true, hint: 'Structures et services, tels que la plateforme nationale les publie.' }),
    field({ label: 'Nom de la source', name: 'source', value: 'data-inclusion', hint: 'Un nom court sans accent, par exemple « dora ». Réimporter la même source met ses fiches à jour.' }),
    errors, h('button', { type: 'submit' }, 'Voir ce qui changerait'));
  form.elements.file.setAttribute('accept', '.json,application/json');
  let pending = null;

  const fail = (message) => { replace(errors, h('p', {}, message)); errors.focus(); };
  const say = (err) => (err.name === 'NetworkError' ? 'Il faut Internet pour importer : réessayez une fois connecté·e.' : err.message);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(errors, ''); replace(result, '');
    const file = form.elements.file.files[0];
    if (!file) { fail('Choisissez un fichier.'); return; }
    try {
      const records = readCatalogueFile(await file.text());
      pending = { ...records, source: form.elements.source.value.trim() || 'data-inclusion' };
      const preview = await ctx.api.post('/api/datainclusion/import/preview', pending);
      const anything = Object.values(preview).some((p) => p.rows.some((r) => r.action !== 'inchange'));
      const confirm = h('button', { type: 'button', id: 'confirmer', disabled: !anything }, 'Confirmer l\'import');
      confirm.addEventListener('click', () => apply(confirm));
      replace(result, Object.entries(preview).map(([table, part]) => previewTable(table, part)),
        anything ? confirm : h('p', {}, 'Rien à importer : tout est déjà à jour ou refusé.'));
    } catch (err) { fail(say(err)); }
  });

  async function apply(button) {
    button.disabled = true;
    try {
      const report = await ctx.api.post('/api/datainclusion/import', pending);
      const done = (report.partners?.imported || 0) + (report.offers?.imported || 0);
      const msg = `Import terminé : ${plural(done, 'fiche')} créée(s) ou mise(s) à jour.`;
      replace(result, h('p', { class: 'notice', role: 'status' }, msg));
      announce(msg, 'ok');
      await ctx.syncNow?.();
    } catch (err) { button.disabled = false; fail(say(err)); }
  }

  return [h('h1', {}, 'Importer depuis data·inclusion'),
    h('p', { class: 'lead' }, 'Le fichier est vérifié avec le schéma officiel data·inclusion. Vous voyez ce qui changerait avant de confirmer.'),
    form, result];
}

// « Structure » on « Cet appareil »: whose caseload this device holds and, when the account
// belongs to several structures, « Changer de structure » (structures.js does the switch:
// refused while changes wait, confirmed, then the old caseload leaves the device).
import { h, replace, field, ask } from '../ui.js';
import { ROLES } from '../labels.js';
import { activeStructure, otherStructures, refreshMemberships, switchRefusal, switchStructure, SwitchRefused } from '../structures.js';

let outcome = null; // the last switch's result, said once on the screen drawn after it

const roleOf = (s) => ROLES[s.role] || s.role;

// Say how the switch ended, with what the new sync brought (or why it did not run).
function ended(result) {
  const name = result.structure ? result.structure.name : 'la nouvelle structure';
  const s = result.sync || {};
  if (s.error) return { kind: 'notice', text: `Vous travaillez maintenant pour ${name}. La synchronisation n'a pas abouti (${s.error === 'offline' ? 'pas de réseau' : 'erreur du serveur'}) : elle reprendra d'elle-même.` };
  return { kind: 'ok', text: `Vous travaillez maintenant pour ${name}. Ses dossiers sont sur cet appareil (${s.received || 0} fiche${(s.received || 0) > 1 ? 's' : ''} reçue${(s.received || 0) > 1 ? 's' : ''}).` };
}

function switchForm(ctx, active, others) {
  const alert = h('div', { role: 'alert', tabindex: '-1', id: 'structure-erreur' });
  const progress = h('p', { role: 'status', id: 'structure-progression', class: 'hint' });
  const button = h('button', { type: 'submit', id: 'changer-structure' }, 'Changer de structure');
  const form = h('form', { class: 'form narrow', id: 'structure-form' },
    field({ label: 'Travailler pour', name: 'structure', options: others.map((s) => [s.id, `${s.name} (${roleOf(s)})`]),
      hint: 'Les dossiers de la structure actuelle seront effacés de cet appareil (ils restent sur le serveur), puis ceux de la structure choisie seront chargés.' }),
    alert, progress, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(alert, '');
    const chosen = others.find((s) => s.id === form.elements.structure.value);
    if (ctx.audit) await ctx.audit.flush().catch(() => {}); // files opened leave first when they can
    const refusal = switchRefusal({ changes: await ctx.db.count('outbox'), views: await ctx.db.count('views') });
    if (refusal) { replace(alert, h('p', { class: 'error' }, refusal)); alert.focus(); return; }
    if (!chosen || !(await ask(`Travailler pour ${chosen.name} ? Les dossiers de ${active.name} seront effacés de cet appareil, puis ceux de ${chosen.name} seront chargés (il faut du réseau).`, { ok: 'Changer de structure', title: 'Changer de structure' }))) return;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      outcome = ended(await switchStructure(ctx, chosen.id, (text) => replace(progress, text)));
      if (ctx.status) ctx.status.refresh().catch(() => {});
      ctx.router.render();
    } catch (err) {
      if (!(err instanceof SwitchRefused)) throw err;
      replace(progress, '');
      replace(alert, h('p', { class: 'error' }, err.message));
      alert.focus();
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

// The section, or null when the account's structure is not known (an older sign-in, offline).
export async function structureSection(ctx) {
  const user = navigator.onLine ? await refreshMemberships(ctx) : ctx.auth.user();
  const active = activeStructure(user);
  const said = outcome;
  outcome = null;
  if (!active) return null;
  const others = otherStructures(user);
  return h('section', { 'aria-labelledby': 'h-structure', id: 'structure' },
    h('h2', { id: 'h-structure' }, 'Structure'),
    said ? h('p', { class: said.kind, role: 'status', id: 'structure-resultat' }, said.text) : null,
    h('p', { id: 'structure-active' }, 'Dossiers de la structure : ', h('strong', {}, active.name || 'non précisée'), ` (${roleOf(active)}).`),
    others.length ? switchForm(ctx, active, others) : null);
}

// Coordination: « Comptes et appareils ». Every account, to disable (its sessions end and its
// devices wipe their copy) or enable again; and the rules every device follows
// (GET / PUT /api/settings/devices). Needs the network: nothing here is kept offline.
import { h, replace, field, announce, ask, emptyState, fmtDateTime } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';
import { ROLES } from '../labels.js';

// The server's bounds (server/services/settings.py), checked here first to answer at once.
export const SETTINGS = [
  { name: 'lock_idle_minutes', min: 1, max: 60, label: 'Verrouillage après combien de minutes sans utilisation ?', hint: 'Entre 1 et 60 minutes. Il faut alors le code ou le mot de passe pour reprendre.' },
  { name: 'password_hours', min: 1, max: 24, label: 'Mot de passe redemandé après combien d\'heures ?', hint: 'Entre 1 et 24 heures, même si l\'appareil sert sans arrêt.' },
  { name: 'offline_days', min: 1, max: 90, label: 'Appareil bloqué sans contact avec le serveur au-delà de combien de jours ?', hint: 'Entre 1 et 90 jours. Il faut alors se connecter avec du réseau.' },
];

// Form values as whole numbers in range: { values, errors } (errors by field name).
export function checkSettings(raw) {
  const values = {};
  const errors = {};
  for (const { name, min, max } of SETTINGS) {
    const text = String(raw[name] ?? '').trim();
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || value < min || value > max) errors[name] = `Un nombre entier entre ${min} et ${max}.`;
    else values[name] = value;
  }
  return { values, errors };
}

const problemText = (err, what) => (err instanceof NetworkError
  ? `Pas de connexion : ${what}. Réessayez une fois connecté·e.`
  : `${what[0].toUpperCase()}${what.slice(1)} : ${err.message}`);

function accountRow(ctx, account, redraw) {
  const me = ctx.auth.user();
  const name = account.name || account.email;
  const seen = account.last_seen_at ? fmtDateTime(account.last_seen_at) : 'jamais';
  let action = h('span', { class: 'hint' }, 'Votre compte');
  if (!me || me.id !== account.id) {
    const disabling = account.active;
    action = h('button', { type: 'button', class: disabling ? 'small danger' : 'small secondary' },
      disabling ? 'Désactiver' : 'Réactiver', h('span', { class: 'visually-hidden' }, ` le compte de ${name}`));
    action.addEventListener('click', async () => {
      const question = disabling
        ? `Désactiver le compte de ${name} dans votre structure ? Ses sessions y sont fermées tout de suite et ses appareils qui travaillent pour votre structure sont retirés : leurs données seront effacées à leur prochaine connexion.`
        : `Réactiver le compte de ${name} ? La personne pourra se connecter de nouveau, sur un appareil qui n'a pas été retiré.`;
      if (!(await ask(question, { ok: disabling ? 'Désactiver' : 'Réactiver', title: disabling ? 'Désactiver un compte' : 'Réactiver un compte' }))) { action.focus(); return; }
      try {
        await ctx.api.post(`/api/users/${encodeURIComponent(account.id)}/${disabling ? 'disable' : 'enable'}`, {});
        announce(disabling ? `Compte de ${name} désactivé.` : `Compte de ${name} réactivé.`, 'ok');
        await redraw();
      } catch (err) {
        announce(problemText(err, 'le compte n\'a pas été modifié'), 'error');
      }
    });
  }
  return h('tr', {},
    h('th', { scope: 'row' }, name, h('br'), h('span', { class: 'hint' }, account.email)),
    h('td', {}, ROLES[account.role] || account.role),
    h('td', {}, String(account.devices)),
    h('td', {}, seen),
    h('td', {}, account.active ? 'Actif' : 'Désactivé'),
    h('td', {}, action));
}

async function accountsList(ctx) {
  const box = h('div', { id: 'comptes', class: 'table-wrap', tabindex: '0', 'aria-labelledby': 'h-comptes' });
  const redraw = async () => {
    try {
      const items = (await ctx.api.get('/api/users')).items || [];
      replace(box, items.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['Personne', 'Rôle', 'Appareils en service', 'Dernier contact', 'État', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((a) => accountRow(ctx, a, redraw)))) : emptyState('Aucun compte.'));
    } catch (err) {
      replace(box, h('p', { class: 'error' }, err instanceof NetworkError ? 'La liste des comptes demande une connexion.' : `Erreur : ${err.message}`));
    }
  };
  await redraw();
  return box;
}

function settingField(spec) {
  const wrap = field({ label: spec.label, name: spec.name, type: 'number', required: true, hint: spec.hint, inputmode: 'numeric', min: spec.min, max: spec.max });
  const input = wrap.querySelector('input');
  const error = h('p', { class: 'field-error', id: `${input.id}-erreur` });
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${error.id}`);
  input.step = '1';
  wrap.append(error);
  wrap.input = input;
  wrap.show = (message) => {
    error.textContent = message || '';
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  };
  return wrap;
}

function settingsForm(ctx) {
  const fields = Object.fromEntries(SETTINGS.map((spec) => [spec.name, settingField(spec)]));
  const summary = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const button = h('button', { type: 'submit' }, 'Enregistrer les règles');
  const form = h('form', { class: 'form narrow', id: 'regles-appareils', novalidate: true }, Object.values(fields), summary, button);

  const fill = (values) => { for (const [name, f] of Object.entries(fields)) if (values[name] !== undefined) f.input.value = values[name]; };
  function showErrors(errors, message) {
    for (const [name, f] of Object.entries(fields)) f.show(errors[name]);
    summary.textContent = message;
    const first = Object.keys(errors).find((name) => fields[name]);
    (first ? fields[first].input : summary).focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { values, errors } = checkSettings(Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.input.value])));
    if (Object.keys(errors).length) { showErrors(errors, 'Certaines valeurs sont à corriger.'); return; }
    button.disabled = true;
    try {
      fill(await ctx.api.request('PUT', '/api/settings/devices', { body: values }));
    } catch (err) {
      const culprit = err instanceof ApiError && err.problem.field;
      showErrors(culprit ? { [culprit]: err.message } : {}, problemText(err, 'les règles n\'ont pas été enregistrées'));
      return;
    } finally {
      button.disabled = false;
    }
    showErrors({}, '');
    announce('Règles des appareils enregistrées. Chaque appareil les reçoit à sa prochaine connexion.', 'ok');
  });

  const state = h('p', { class: 'hint', role: 'status' }, 'Lecture des règles en cours…');
  ctx.api.get('/api/settings/devices').then((values) => { fill(values); state.textContent = ''; })
    .catch((err) => { state.textContent = err instanceof NetworkError ? 'Pas de connexion : les règles ne peuvent pas être lues ni changées.' : `Erreur : ${err.message}`; });
  return [state, form];
}

export async function accounts(ctx) {
  return [
    h('h1', {}, 'Comptes et appareils'),
    h('section', { 'aria-labelledby': 'h-comptes' },
      h('h2', { id: 'h-comptes' }, 'Comptes'),
      h('p', {}, 'Désactiver un compte ferme tout de suite ses sessions dans votre structure et retire ses appareils qui travaillent pour elle : leurs données sont effacées à leur prochaine connexion. Si la personne travaille aussi pour une autre structure, elle y garde son accès. Un compte réactivé se connecte sur un autre appareil.'),
      await accountsList(ctx)),
    h('section', { 'aria-labelledby': 'h-regles' },
      h('h2', { id: 'h-regles' }, 'Règles des appareils'),
      h('p', {}, 'Ces règles valent pour toutes les tablettes et tous les téléphones.'),
      settingsForm(ctx)),
    h('p', {}, h('a', { href: '#/bureau/appareils' }, 'Voir et retirer un appareil précis')),
  ];
}

// The screens of the app lock (lock.js): password, PIN, choosing the PIN, and the gate the
// router asks before every screen. A locked screen shows no personal data: the DOM was
// cleared before these are drawn (context.js).

import { h, field, formValues, replace } from '../ui.js';
import { WrongSecret } from '../vault.js';
import { PIN_TRIES } from '../lock.js';

const OPEN_PATHS = new Set(['/connexion', '/vos-donnees', '/accessibilite']);

// The screen to show instead of `route`, or null to show the route itself.
export function lockGate(ctx, route) {
  const phase = ctx.lock.phase();
  if (ctx.lock.lent()) {
    if (route.path === '/verrou') return keyInMemory(phase) ? pinForm : passwordForm;
    return route.public ? null : () => { location.replace('#/jeunes'); return []; };
  }
  // The youth space is public: it opens on a locked tablet too, nothing of the account shows.
  if (phase === 'none' || phase === 'open' || OPEN_PATHS.has(route.path) || route.public) {
    return route.path === '/verrou' && phase === 'open' ? () => { location.replace(ctx.homeOf(ctx.auth.role())); return []; } : null;
  }
  if (phase === 'contact') return contactForm;
  if (phase === 'password') return passwordForm;
  if (phase === 'set-pin') return choosePin;
  return pinForm;
}

const keyInMemory = (phase) => phase === 'pin' || phase === 'open';

function errorBox() { return h('div', { class: 'errors', role: 'alert', tabindex: '-1' }); }

function say(box, text) { replace(box, h('p', {}, text)); box.focus(); }

function otherAccount() {
  return h('p', {}, 'Ce n\'est pas votre tablette ? ', h('a', { href: '#/connexion' }, 'Se connecter avec un autre compte'), ' · ', h('a', { href: '#/jeunes' }, 'Espace jeunes'));
}

// Offline sign-in: the password opens the data key kept on this device.
export async function passwordForm(ctx) {
  const errors = errorBox();
  const form = h('form', { class: 'form narrow', id: 'unlock-password' },
    field({ label: 'Mot de passe', name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    errors, h('button', { type: 'submit' }, 'Ouvrir'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await ctx.lock.unlockWithPassword(formValues(form).password);
    } catch (err) {
      say(errors, err instanceof WrongSecret ? 'Mot de passe incorrect.' : 'L\'ouverture a échoué. Réessayez.');
    } finally {
      button.disabled = false;
    }
  });
  return [h('h1', {}, 'Tablette verrouillée'),
    h('p', {}, 'Tapez votre mot de passe pour ouvrir les dossiers enregistrés sur cette tablette. Cela marche aussi sans réseau.'),
    form, otherAccount()];
}

// Too long without the server: an online sign-in (password AND server) before any file opens.
export async function contactForm(ctx) {
  const days = ctx.lock.settings().offline_days;
  return [h('h1', {}, 'Connexion au serveur nécessaire'),
    h('p', { class: 'notice' }, `Cette tablette n'a pas joint le serveur depuis plus de ${days} jours. Pour protéger les dossiers, connectez-vous avec du réseau : vos modifications sont gardées et partiront après la connexion.`),
    h('p', {}, h('a', { class: 'button', href: '#/connexion?retour=%23%2Fref' }, 'Se connecter'))];
}

function pinInput(label, name, autocomplete = 'off') {
  return field({ label, name, type: 'password', inputmode: 'numeric', required: true, autocomplete, hint: '6 chiffres.' });
}

// The PIN unlocks while the key is in memory (locked after idle, in the background, or lent).
export async function pinForm(ctx) {
  const errors = errorBox();
  const lent = ctx.lock.lent();
  const form = h('form', { class: 'form narrow', id: 'unlock-pin' }, pinInput('Code à 6 chiffres', 'pin'), errors,
    h('button', { type: 'submit' }, lent ? 'Reprendre la tablette' : 'Déverrouiller'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = form.querySelector('input');
    const button = form.querySelector('button');
    if (button.disabled) return;
    button.disabled = true;
    const { ok, left } = await ctx.lock.tryPin(input.value).finally(() => { button.disabled = false; });
    input.value = '';
    if (ok) { if (lent) location.hash = ctx.homeOf(ctx.auth.role()); return; }
    if (left) say(errors, `Code incorrect. Encore ${left} essai${left > 1 ? 's' : ''} avant de devoir taper le mot de passe.`);
  });
  return [h('h1', {}, lent ? 'Reprendre la tablette' : 'Tablette verrouillée'),
    h('p', {}, lent ? 'Tapez votre code pour quitter l\'espace jeunes.' : 'Tapez votre code pour continuer.'),
    form, h('p', {}, `Après ${PIN_TRIES} codes faux, le mot de passe est demandé.`),
    lent ? h('p', {}, h('a', { href: '#/jeunes' }, 'Revenir à l\'espace jeunes')) : otherAccount()];
}

// After the first sign-in: choose the PIN that unlocks the app while it is in use.
export async function choosePin(ctx) {
  const errors = errorBox();
  const form = h('form', { class: 'form narrow', id: 'choose-pin' },
    pinInput('Nouveau code à 6 chiffres', 'pin', 'new-password'), pinInput('Le même code encore une fois', 'again', 'new-password'),
    errors, h('button', { type: 'submit' }, 'Enregistrer le code'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { pin, again } = formValues(form);
    if (pin !== again) { say(errors, 'Les deux codes ne sont pas pareils.'); return; }
    try {
      await ctx.lock.setPin(pin);
    } catch (err) {
      say(errors, err.message);
    }
  });
  return [h('h1', {}, 'Choisissez votre code'),
    h('p', {}, 'Ce code à 6 chiffres déverrouille la tablette pendant la journée. Elle se verrouille seule quand vous ne l\'utilisez plus, et quand l\'application passe en arrière-plan.'),
    form];
}

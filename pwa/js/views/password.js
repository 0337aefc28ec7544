// Changing one's own password (needs the network). The server closes the account's other
// sessions; here the data key is wrapped again under the new password (vault.rewrap), so the
// next offline sign-in takes the new one and nothing stored needs encrypting again.
import { h, field, formValues, replace } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';
import { rewrap } from '../vault.js';

export const MIN_LENGTH = 12;

export async function changePassword(ctx) {
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form narrow', id: 'mot-de-passe' },
    field({ label: 'Mot de passe actuel', name: 'current', type: 'password', required: true, autocomplete: 'current-password' }),
    field({ label: 'Nouveau mot de passe', name: 'next', type: 'password', required: true, autocomplete: 'new-password', hint: `Au moins ${MIN_LENGTH} caractères. Une phrase facile à retenir est une bonne idée.` }),
    field({ label: 'Le nouveau mot de passe encore une fois', name: 'again', type: 'password', required: true, autocomplete: 'new-password' }),
    errors, h('button', { type: 'submit' }, 'Changer le mot de passe'));
  const say = (text) => { replace(errors, h('p', {}, text)); errors.focus(); };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    if (v.next.length < MIN_LENGTH) { say(`Le nouveau mot de passe doit avoir au moins ${MIN_LENGTH} caractères.`); return; }
    if (v.next !== v.again) { say('Les deux nouveaux mots de passe ne sont pas pareils.'); return; }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await ctx.api.post('/api/auth/password', { current_password: v.current, new_password: v.next });
      const keyring = await ctx.db.getMeta('keyring');
      if (keyring) {
        const next = await rewrap(keyring, v.current, v.next);
        await ctx.db.setMeta('keyring', next.record);
        ctx.db.setKey(next.key);
      }
      form.reset();
      replace(errors, h('p', { class: 'ok' }, 'Mot de passe changé. Vos autres appareils devront se reconnecter.'));
      errors.focus();
    } catch (err) {
      if (err instanceof NetworkError) say('Pas de connexion au serveur : le mot de passe se change avec du réseau.');
      else if (err instanceof ApiError && err.status === 429) say('Trop d\'essais. Réessayez dans quelques minutes.');
      else if (err instanceof ApiError && err.code === 'wrong_password') say('Le mot de passe actuel n\'est pas le bon.');
      else if (err instanceof ApiError) say(err.message);
      else say('Le changement a échoué. Réessayez.');
    } finally {
      button.disabled = false;
    }
  });
  return [h('h1', {}, 'Changer mon mot de passe'), form, h('p', {}, h('a', { href: '#/appareil' }, '← Cet appareil'))];
}

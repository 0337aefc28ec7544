// Sign in (professionals: prescribers, the referent, the coordination).
import { h, field, formValues, replace } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';
import { PendingChangesError } from '../auth.js';
import { WrongSecret } from '../vault.js';
import { requestPersistence } from '../context.js';

function defaultDeviceName() {
  const ua = navigator.userAgent;
  const kind = /tablet|ipad/i.test(ua) ? 'Tablette' : /mobi/i.test(ua) ? 'Téléphone' : 'Ordinateur';
  return `${kind} ${new Date().toLocaleDateString('fr-FR')}`;
}

export async function login(ctx, params, { query }) {
  const user = ctx.auth.user();
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form narrow' },
    field({ label: 'Adresse courriel', name: 'email', type: 'email', required: true, autocomplete: 'username', value: user && ctx.auth.expired() ? user.email : '' }),
    field({ label: 'Mot de passe', name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    field({ label: 'Nom de cet appareil', name: 'device_name', value: (await ctx.db.getMeta('device_name')) || defaultDeviceName(), hint: 'Pour le reconnaître dans la liste des appareils (ex. « Tablette permanences »).' }),
    errors,
    h('button', { type: 'submit' }, 'Se connecter'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    const button = form.querySelector('button');
    button.disabled = true;
    replace(errors, '');
    try {
      await ctx.db.setMeta('device_name', v.device_name || defaultDeviceName());
      const u = await ctx.auth.login(v.email, v.password, v.device_name || defaultDeviceName());
      requestPersistence();
      const back = query.get('retour');
      location.hash = back && back.startsWith('#/') && back !== '#/verrou' ? back : ctx.homeOf(u.role);
      await ctx.lock.opened({ online: true }); // draws the screen (or the PIN to choose) and syncs
    } catch (err) {
      let msg = 'La connexion a échoué.';
      if (err instanceof NetworkError) msg = 'Pas de connexion au serveur. La première connexion demande Internet.';
      else if (err instanceof PendingChangesError) msg = `Une autre personne a ${err.count} modification(s) pas encore envoyée(s) sur cet appareil. Elle doit se reconnecter et synchroniser d'abord.`;
      else if (err instanceof ApiError && err.status === 429) msg = 'Trop d\'essais. Réessayez dans quelques minutes.';
      else if (err instanceof ApiError && err.status === 403 && err.code === 'device_revoked') return; // wiped, and said (context.js)
      else if (err instanceof WrongSecret) msg = 'Les dossiers de cet appareil ont été protégés avec un ancien mot de passe : demandez à la coordination.';
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) msg = 'Courriel ou mot de passe incorrect.';
      replace(errors, h('p', {}, msg));
      errors.focus();
    } finally {
      button.disabled = false;
    }
  });
  return [
    h('h1', {}, user && ctx.auth.expired() ? 'Reconnectez-vous' : 'Connexion à l\'espace pro'),
    user && ctx.auth.expired() ? h('p', { class: 'notice' }, 'Votre session a expiré. Vos modifications sont gardées sur cet appareil et partiront après la connexion.') : null,
    form,
    h('p', {}, 'Vous êtes jeune ? Pas besoin de compte : ', h('a', { href: '#/jeunes' }, 'trouver une aide'), '.'),
  ];
}

// Coordinator only, at the bottom of a person's file: a copy of their data, and their erasure.
import { h, replace, fullName, announce, ask } from '../ui.js';
import { downloadExport, openReadableExport, erasePerson, rightsError } from '../rights.js';

const OFFLINE = 'Pas de réseau : cette action passe par le serveur. Réessayez quand l\'appareil est connecté.';

export function rightsSection(ctx, p) {
  if (ctx.auth.role() !== 'coordinator') return null;
  const box = h('div', { id: 'droits-message', role: 'alert' });
  const say = (text) => replace(box, text ? h('p', { class: 'error' }, text) : '');
  // Run an online-only action: the reason in words when offline or refused.
  const online = (fn) => async (event) => {
    say('');
    if (!navigator.onLine) { say(OFFLINE); return; }
    const button = event.currentTarget;
    button.disabled = true;
    try { await fn(); } catch (err) { say(rightsError(err)); } finally { button.disabled = false; }
  };
  const name = fullName(p);
  const erase = online(async () => {
    const sure = await ask(`Toutes les informations sur ${name} vont être effacées : sa fiche, ses diagnostics, son plan d'action, ses contacts, ses orientations et ses présences aux séances. C'est définitif : on ne pourra pas les retrouver. L'effacement est fait sur le serveur tout de suite, puis sur chaque tablette et ordinateur à sa prochaine synchronisation. Si la personne veut une copie de ses données, exportez-les d'abord.`,
      { ok: 'Effacer définitivement', cancel: 'Ne pas effacer', title: `Effacer ${name} ?` });
    if (!sure) return;
    await erasePerson(ctx, p.id);
    announce(`${name} a été effacé·e.`, 'ok');
    location.hash = '#/ref/jeunes';
    ctx.syncNow();
  });
  return [
    h('h2', {}, 'Ses droits sur ses données'),
    h('p', {}, 'La personne peut demander une copie de ses données, ou leur effacement. Ces actions demandent du réseau.'),
    box,
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'exporter', on: { click: online(() => downloadExport(ctx, p.id)) } }, 'Exporter ses données (fichier)'),
      h('button', { type: 'button', class: 'secondary', id: 'exporter-lisible', on: { click: online(() => openReadableExport(ctx, p.id)) } }, 'Version lisible à imprimer'),
      h('button', { type: 'button', class: 'danger', id: 'effacer', on: { click: erase } }, 'Effacer cette personne')),
  ];
}

// Hash routes ("#/jeunes/offre/123"). A route may require roles; each render replaces <main>
// and moves the focus to the page's heading so screen readers announce the new screen.

import { replace, h } from './ui.js';

function compile(path) {
  const keys = [];
  const re = new RegExp(`^${path.replace(/:[a-z_]+/g, (m) => { keys.push(m.slice(1)); return '([^/]+)'; })}$`);
  return { re, keys };
}

export function createRouter({ routes, main, ctx, onRendered = () => {} }) {
  const table = routes.map((r) => ({ ...r, ...compile(r.path) }));
  let token = 0;

  function match(hash) {
    const path = (hash || '').replace(/^#/, '').split('?')[0] || '/';
    for (const route of table) {
      const m = route.re.exec(path);
      if (m) return { route, params: Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
    }
    return null;
  }

  async function render() {
    const mine = ++token;
    const found = match(location.hash);
    if (!found) { location.replace('#/'); return; }
    const { route, params } = found;
    // The app lock (views/lock.js) may show its own screen instead of this one.
    const gate = ctx.gate ? ctx.gate(route) : null;
    const role = ctx.auth.role();
    if (!gate && route.roles && !route.roles.includes(role)) {
      location.replace(role ? ctx.homeOf(role) : `#/connexion?retour=${encodeURIComponent(location.hash)}`);
      return;
    }
    if (!gate && route.redirect) { const to = route.redirect(ctx); if (to) { location.replace(to); return; } }
    let content;
    try {
      content = await (gate || route.view)(ctx, params, { query: new URLSearchParams(location.hash.split('?')[1] || '') });
    } catch (err) {
      console.error(err);
      content = [h('h1', {}, 'Oups, un problème'), h('p', {}, 'Cet écran n\'a pas pu s\'afficher. Vos données sont gardées sur l\'appareil.'), h('p', {}, h('a', { href: '#/' }, 'Revenir à l\'accueil'))];
    }
    if (mine !== token) return; // a newer navigation won
    replace(main, content);
    for (const form of main.querySelectorAll('form')) if (!form.hasAttribute('autocomplete')) form.setAttribute('autocomplete', 'off');
    const heading = main.querySelector('h1');
    // A staff screen's heading may be a person's name: the browser keeps titles in its history.
    document.title = route.roles || gate ? 'Espace pro – Mobilité Haut-Jura' : `${heading ? heading.textContent : 'Accueil'} – Mobilité Haut-Jura`;
    if (ctx.rendered) {
      const target = heading || main;
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: false });
    }
    ctx.rendered = true;
    document.documentElement.dataset.route = location.hash; // tests wait on this
    onRendered(gate ? { path: route.path, gate: true } : route);
  }

  return {
    start() { window.addEventListener('hashchange', render); return render(); },
    render,
    go(hash) { if (location.hash === hash) render(); else location.hash = hash; },
  };
}

// Composition root: open the local database, wire the modules, start the router and sync.
import { createContext, startAutoSync, syncIfPending } from './context.js';
import { routes, drawNav, lockGate } from './routes.js';
import { createRouter } from './router.js';
import { createStatus } from './status.js';
import { registerServiceWorker } from './sw-register.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const ctx = await createContext();
  ctx.status = createStatus({ el: $('status'), ctx });
  ctx.gate = (route) => lockGate(ctx, route);
  ctx.lock.onChange(() => drawNav(ctx, $('nav'), $('who')));
  ctx.router = createRouter({ routes, main: $('main'), ctx, onRendered: (route) => { ctx.currentRoute = route; drawNav(ctx, $('nav'), $('who')); } });
  ctx.auth.onChange(() => drawNav(ctx, $('nav'), $('who')));
  $('skip').addEventListener('click', (e) => { e.preventDefault(); $('main').focus(); });
  registerServiceWorker({
    banner: $('update'),
    beforeUpdate: () => ctx.drafts.saveAll(),
    onSyncRequest: () => syncIfPending(ctx),
    whenIdle: () => (ctx.syncIdle ? ctx.syncIdle() : ctx.sync.idle()),
  });
  await ctx.router.start();
  ctx.lock.start();
  await ctx.status.refresh();
  startAutoSync(ctx);
  document.documentElement.dataset.ready = 'true';
}

main().catch((err) => {
  console.error(err);
  $('main').textContent = 'L\'application n\'a pas pu démarrer sur cet appareil (stockage indisponible ?).';
});

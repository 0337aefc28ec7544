// The public catalogue (offers, partners, upcoming drop-ins) for people without an account,
// kept in IndexedDB so that search works offline. Signed-in users read their synced tables.

const PATHS = { offers: '/api/offers', partners: '/api/partners', sessions: '/api/sessions/public' };
const FRESH_MS = 5 * 60 * 1000;

async function fetchAndStore(ctx, name) {
  const data = await ctx.api.publicGet(PATHS[name]);
  const items = (data && data.items) || [];
  await ctx.db.put('public', { name, items, at: Date.now() });
  return items;
}

// Stored copy first (instant, offline); refreshed from the network when older than 5 min.
export async function loadPublic(ctx, name, { onUpdate } = {}) {
  const stored = await ctx.db.get('public', name);
  if (!stored) {
    try { return { items: await fetchAndStore(ctx, name), offline: false }; } catch { return { items: [], offline: true }; }
  }
  if (Date.now() - stored.at > FRESH_MS) {
    fetchAndStore(ctx, name).then((items) => { if (onUpdate && JSON.stringify(items) !== JSON.stringify(stored.items)) onUpdate(items); }).catch(() => {});
  }
  return { items: stored.items, offline: false, at: stored.at };
}

// Offers and partners: from the synced tables when signed in (and synced), else public.
export async function catalogueData(ctx, opts) {
  if (ctx.auth.user()) {
    const [offers, partners] = await Promise.all([ctx.db.getAll('offers'), ctx.db.getAll('partners')]);
    if (offers.length) return { offers, partners };
  }
  const [offers, partners] = await Promise.all([loadPublic(ctx, 'offers', opts), loadPublic(ctx, 'partners', opts)]);
  return { offers: offers.items, partners: partners.items, offline: offers.offline };
}

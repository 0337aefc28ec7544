"""In-page work for bench/pwa_bench.py, run through the app's own ES modules (/js/...). The
device's data is sealed: each script opens its own Db with the keyring and the password, as the
app does after an offline sign-in.

LOCAL_DAY: a referent's day on the tablet, written with the app's outbox (row + queued
mutation in one IndexedDB transaction, exactly what the screens call). It uses its own outbox
instance, so the app's "sync 1.5 s after a change" trigger does not fire: the bench starts the
sync itself with the « Synchroniser » button.

MERGE_PROFILE: where the client time of a pull goes. A real 500-row page from the server is
parsed and merged into scratch databases with the app's mergePage (sealed: decrypt, merge,
encrypt, one commit), and with a plain batched merge straight into IndexedDB (no sealing, no
lock: what the app did before the data was sealed) for comparison.
"""

OPEN = """
  const { openDb } = await import('/js/db.js');
  const { openWithPassword } = await import('/js/vault.js');
  const db = await openDb();
  db.setKey(await openWithPassword(await db.getMeta('keyring'), password));"""

LOCAL_DAY = """async ({ tag, newPeople, attendances, contacts, editIds, attendIds, password }) => {""" + OPEN + """
  const { createOutbox } = await import('/js/outbox.js');
  const outbox = createOutbox(db);
  const sessions = (await db.getAll('sessions')).map((s) => s.id);
  const t0 = performance.now();
  const people = [];
  for (let i = 0; i < newPeople; i += 1) {
    const id = crypto.randomUUID();
    people.push(id);
    await outbox.record('beneficiaries', id, { first_name: 'Jeune', last_name: `${tag}-${i}`,
      birth_date: '2006-05-04', sex: 'F', commune: 'Saint-Claude', status: 'cej',
      phone: '06 12 34 56 78', consent_at: new Date().toISOString(),
      consent_scope: 'accompagnement-mobilite', notes: `Inscrite en permanence (${tag}).` });
  }
  const pool = [...people, ...attendIds];
  for (let i = 0; i < attendances; i += 1) {
    await outbox.record('attendances', crypto.randomUUID(),
      { session_id: sessions[i % sessions.length], beneficiary_id: pool[i], present: true });
  }
  for (let i = 0; i < contacts; i += 1) {
    await outbox.record('contacts', crypto.randomUUID(), { date: new Date().toISOString(),
      channel: i % 3 ? 'visite' : 'telephone', audience: 'particulier',
      subject: `Permanence ${tag} n°${i}`, beneficiary_id: pool[i % pool.length],
      notes: 'Point sur le code de la route et le financement du permis.' });
  }
  for (const id of editIds) {
    await outbox.record('beneficiaries', id, { notes: `Vu en permanence (${tag}).` });
  }
  const ms = performance.now() - t0;
  const pending = await db.count('outbox');
  db.close();
  return { ms, pending, changes: newPeople + attendances + contacts + editIds.length };
}"""

DAY_CHECK = """async ({ tag, officeTag, password }) => {""" + OPEN + """
  const people = await db.getAll('beneficiaries');
  const contacts = await db.getAll('contacts');
  const out = {
    office_edits_seen: people.filter((p) => (p.notes || '').includes(officeTag)).length,
    office_contacts_seen: contacts.filter((c) => (c.subject || '').includes(officeTag)).length,
    local_edits_kept: people.filter((p) => (p.notes || '').includes(`(${tag})`)).length,
    outbox: await db.count('outbox'), rejections: await db.count('rejections'),
  };
  db.close();
  return out;
}"""

MERGE_PROFILE = """async ({ pages, size, password }) => {""" + OPEN + """
  const { SYNCED_TABLES } = await import('/js/db.js');
  const { mergePage, rebase } = await import('/js/merge.js');
  const auth = await db.getMeta('auth');
  const key = db.key;
  db.close();
  const texts = [];
  let cursor = null;
  for (let i = 0; i < pages; i += 1) {
    const q = new URLSearchParams({ limit: String(size) });
    if (cursor) q.set('cursor', cursor);
    const r = await fetch(`/api/sync/pull?${q}`, { headers: { Authorization: `Bearer ${auth.access_token}` } });
    const text = await r.text();
    texts.push(text);
    cursor = JSON.parse(text).cursor;
  }
  // The last full pages hold only young people's files.
  const use = texts.filter((t) => JSON.parse(t).changes.length === size).slice(-3);
  if (!use.length) return null;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const parse = use.map((t) => { const t0 = performance.now(); JSON.parse(t); return performance.now() - t0; });
  async function fresh(name) {
    await new Promise((ok) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = r.onerror = r.onblocked = ok; });
    const scratch = await openDb(indexedDB, name);
    scratch.setKey(key);
    return scratch;
  }
  // Merge every page into a fresh database; return the time of each merge.
  async function timeMerges(name, merge) {
    const db = await fresh(name);
    const times = [];
    for (const t of use) {
      const page = JSON.parse(t);
      const t0 = performance.now();
      await merge(db, page);
      times.push(performance.now() - t0);
    }
    db.close();
    return times;
  }
  const current = await timeMerges('mhj-bench-scratch-a', mergePage);
  // Prototype: same result, outbox read once per page, requests queued without awaiting each.
  async function batched(db, page) {
    const conn = db.conn;
    const tx = conn.transaction([...SYNCED_TABLES, 'outbox', 'meta'], 'readwrite');
    const done = new Promise((ok, ko) => { tx.oncomplete = ok; tx.onerror = tx.onabort = () => ko(tx.error); });
    const all = await new Promise((ok, ko) => { const r = tx.objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const byRow = new Map();
    for (const m of all) { if (!byRow.has(m.row_id)) byRow.set(m.row_id, []); byRow.get(m.row_id).push(m); }
    for (const change of page.changes) {
      if (!SYNCED_TABLES.includes(change.table)) continue;
      const row = rebase(change, byRow.get(change.row_id) || []);
      if (row) tx.objectStore(change.table).put(row); else tx.objectStore(change.table).delete(change.row_id);
    }
    tx.objectStore('meta').put({ key: 'cursor', value: page.cursor });
    await done;
  }
  const proto = await timeMerges('mhj-bench-scratch-b', batched);
  for (const n of ['mhj-bench-scratch-a', 'mhj-bench-scratch-b']) indexedDB.deleteDatabase(n);
  return { rows_per_page: size, page_bytes: median(use.map((t) => t.length)),
    parse_ms: median(parse), merge_ms: median(current), plain_merge_ms: median(proto) };
}"""

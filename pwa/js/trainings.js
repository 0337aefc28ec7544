// Professionals trained in the mobility diagnostic: pure counts on local rows
// (tests/js/trainings.test.js). A person counts once per organisation, like the key figures.

const key = (t) => `${String(t.name || '').trim().toLowerCase()}|${t.partner_id || ''}`;

// Training sessions (kind "formation"), the most recent first.
export function trainingSessions(sessions) {
  return sessions.filter((s) => s.kind === 'formation').sort((a, b) => String(b.starts_at || '').localeCompare(String(a.starts_at || '')));
}

// Distinct trained people per organisation: [{partner_id, name, people}], most first.
// Only trainees of the given sessions count (a trainee of a deleted session does not).
export function trainedPerPartner(trainees, sessions, partners) {
  const live = new Set(sessions.map((s) => s.id));
  const names = new Map(partners.map((p) => [p.id, p.nom]));
  const seen = new Map();
  for (const t of trainees) {
    if (!live.has(t.session_id) || !String(t.name || '').trim()) continue;
    const pid = t.partner_id || null;
    if (!seen.has(pid)) seen.set(pid, new Set());
    seen.get(pid).add(key(t));
  }
  return [...seen].map(([pid, people]) => ({ partner_id: pid, name: pid ? names.get(pid) || 'Organisation inconnue' : 'Sans organisation', people: people.size }))
    .sort((a, b) => (b.people - a.people) || a.name.localeCompare(b.name, 'fr'));
}

// Catalogue freshness: which offers and partners the office must check again, most overdue
// first. Pure functions on local rows (tests/js/freshness.test.js).

// Rows without their own frequency are checked every six months.
export const DEFAULT_CHECK_DAYS = 180;
export const FREQUENCIES = [[30, 'Tous les mois'], [90, 'Tous les 3 mois'], [180, 'Tous les 6 mois'], [365, 'Tous les ans']];

const DAY_MS = 86400000;
const utc = (day) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

// Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` comes first.
export function daysBetween(from, to) {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export function addDays(day, n) {
  return new Date(utc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

// When a row must be checked next (null: never checked, so now).
export function dueOn(row) {
  if (!row.last_checked_at) return null;
  return addDays(row.last_checked_at.slice(0, 10), row.check_every_days || DEFAULT_CHECK_DAYS);
}

// Rows due on `today`: never checked, or last check + frequency ≤ today. Each comes back as
// {table, row, due, overdue} (overdue: days past the due date, Infinity when never checked),
// the most overdue first, then by name.
export function dueItems(tables, today) {
  const out = [];
  for (const [table, rows] of Object.entries(tables)) {
    for (const row of rows) {
      if (row._deleted) continue;
      const due = dueOn(row);
      const overdue = due === null ? Infinity : daysBetween(due, today);
      if (overdue >= 0) out.push({ table, row, due, overdue });
    }
  }
  return out.sort((a, b) => (b.overdue - a.overdue) || String(a.row.nom || '').localeCompare(String(b.row.nom || ''), 'fr'));
}

// Plain French: how late the check is.
export function overdueText(item) {
  if (item.due === null) return 'Jamais vérifié';
  if (item.overdue === 0) return 'À vérifier aujourd\'hui';
  return `En retard de ${item.overdue} jour${item.overdue > 1 ? 's' : ''}`;
}

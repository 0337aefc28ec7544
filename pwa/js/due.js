// What needs the referent by date, in plain data (no DOM): plan steps overdue or due within
// the week, referrals waiting for an answer (the server's 10-day reminder, the 30-day expiry:
// server/services/referral_timers.py). Days are YYYY-MM-DD strings of the local calendar.

export const REMIND_DAYS = 10;
export const EXPIRE_DAYS = 30;
export const WEEK_DAYS = 7;

// The day `n` days after `day` (calendar arithmetic, no time zone involved).
export function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const isOpenStep = (s) => !['fait', 'abandonne'].includes(s.status || 'a-faire');
const byDue = (a, b) => a.due_date.localeCompare(b.due_date) || String(a.label).localeCompare(String(b.label), 'fr');

// Open steps with a due date: before `today` (overdue), from `today` to 7 days on (this week).
export function dueSteps(steps, today) {
  const end = addDays(today, WEEK_DAYS);
  const open = steps.filter((s) => s.due_date && isOpenStep(s)).sort(byDue);
  return { overdue: open.filter((s) => s.due_date < today), week: open.filter((s) => s.due_date >= today && s.due_date <= end) };
}

// An open referral's timers from the day it reached the server (`sent_at`, set there):
// { remindOn, expiresOn, chase } where `chase` says it is « à relancer » — the server's
// reminder went out (`reminded_at`) or 10 days have passed on this device's calendar.
export function referralTimers(r, today, dayOf = (iso) => iso.slice(0, 10)) {
  if ((r.status || 'ouverte') !== 'ouverte') return null;
  const sent = r.sent_at ? dayOf(r.sent_at) : null;
  const remindOn = sent ? addDays(sent, REMIND_DAYS) : null;
  const expiresOn = sent ? addDays(sent, EXPIRE_DAYS) : null;
  const chase = Boolean(r.reminded_at) || Boolean(remindOn && today >= remindOn);
  return { sent, remindOn, expiresOn, chase };
}

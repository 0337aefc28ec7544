// What is due: plan steps overdue or due this week, referrals to chase, by hand-worked dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dueSteps, referralTimers, isOpenStep } from '../../pwa/js/due.js';

test('days add across months, years and the DST change', () => {
  assert.equal(addDays('2026-12-28', 7), '2027-01-04');
  assert.equal(addDays('2028-02-27', 2), '2028-02-29');
  assert.equal(addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(addDays('2026-03-29', 1), '2026-03-30');
  assert.equal(addDays('2026-10-24', 10), '2026-11-03');
});

test('open steps are split into overdue and due within 7 days; done and dropped ones are not due', () => {
  const today = '2026-12-04';
  const steps = [
    { id: 'a', label: 'Code', due_date: '2026-12-03', status: 'a-faire' },
    { id: 'b', label: 'Vélo', due_date: '2026-11-20', status: 'en-cours' },
    { id: 'c', label: 'Bus', due_date: '2026-12-04' },
    { id: 'd', label: 'Aide', due_date: '2026-12-11', status: 'a-faire' },
    { id: 'e', label: 'Loin', due_date: '2026-12-12', status: 'a-faire' },
    { id: 'f', label: 'Fait', due_date: '2026-12-01', status: 'fait' },
    { id: 'g', label: 'Abandon', due_date: '2026-12-05', status: 'abandonne' },
    { id: 'h', label: 'Sans date', status: 'a-faire' },
  ];
  const { overdue, week } = dueSteps(steps, today);
  assert.deepEqual(overdue.map((s) => s.id), ['b', 'a']);
  assert.deepEqual(week.map((s) => s.id), ['c', 'd']);
  assert.equal(isOpenStep({}), true);
  assert.equal(isOpenStep({ status: 'fait' }), false);
});

test('a referral is to chase from its 10th day or once the server reminded, and expires on the 30th', () => {
  const r = { status: 'ouverte', sent_at: '2026-11-24T09:00:00Z' };
  assert.deepEqual(referralTimers(r, '2026-12-03'), { sent: '2026-11-24', remindOn: '2026-12-04', expiresOn: '2026-12-24', chase: false });
  assert.equal(referralTimers(r, '2026-12-04').chase, true);
  assert.equal(referralTimers({ ...r, sent_at: null, reminded_at: '2026-12-01T02:00:00Z' }, '2026-12-02').chase, true);
  assert.deepEqual(referralTimers({ status: 'ouverte' }, '2026-12-02'), { sent: null, remindOn: null, expiresOn: null, chase: false });
  assert.equal(referralTimers({ ...r, status: 'validee' }, '2026-12-20'), null);
  assert.equal(referralTimers({ ...r, status: 'refusee' }, '2026-12-20'), null);
});

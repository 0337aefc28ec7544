// The consent rule of a person's file, the mirror of the server's: under 15, a person's own
// consent is recorded together with a parent's (see docs/pwa.md, « Données personnelles »).
// The age counts on the day the consent was given, so a file whose consent was given at 14
// still needs the parent's accord when the person is older.

import { ageFrom, localDay } from './ui.js';

export const PARENT_CONSENT_AGE = 15;
export const PARENT_CONSENT_MESSAGE = 'Cette personne a moins de 15 ans : il faut aussi l\'accord d\'un parent (ou de la personne qui a l\'autorité parentale). Cochez « Accord d\'un parent recueilli ».';

// The day (YYYY-MM-DD) the age counts on: the consent's, as written (UTC, like the server
// reads it), else `today`.
function referenceDay(consentAt, today) {
  const day = String(consentAt || '').slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : today;
}

// Is the person under 15 on that day? False when the birth date is missing or unreadable.
export function underParentAge(birthDate, day = localDay()) {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  const age = ageFrom(birthDate, day);
  return Number.isFinite(age) && age < PARENT_CONSENT_AGE;
}

// Errors of a file's consent fields, by field name, as the server gives them ({} when fine).
export function consentErrors({ birth_date: birthDate, consent_at: consentAt, parent_consent_at: parentAt }, today = localDay()) {
  if (!consentAt || parentAt) return {};
  if (!underParentAge(birthDate, referenceDay(consentAt, today))) return {};
  return { parent_consent_at: [PARENT_CONSENT_MESSAGE] };
}

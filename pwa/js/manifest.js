// Generated from server/tables/ by `flask --app wsgi pwa-manifest`: do not edit.
// The synced tables, the foreign keys screens look rows up by (IndexedDB indexes, kept
// in clear), the tables sealed on the device (sealed.js), and those of a person's file
// (erasure.js).
export const SYNCED_TABLES = ["partners", "offers", "beneficiaries", "diagnostics", "sessions", "attendances", "contacts", "referrals", "action_steps", "outcomes", "trainees", "objectives"];
export const INDEXES = {"diagnostics": ["beneficiary_id"], "attendances": ["session_id", "beneficiary_id"], "contacts": ["beneficiary_id"], "referrals": ["beneficiary_id"], "action_steps": ["beneficiary_id"], "outcomes": ["beneficiary_id"], "trainees": ["session_id"], "objectives": ["beneficiary_id"]};
export const SEALED_TABLES = ["beneficiaries", "diagnostics", "sessions", "attendances", "contacts", "referrals", "action_steps", "outcomes", "trainees", "objectives"];
export const PERSON_TABLES = ["diagnostics", "attendances", "contacts", "referrals", "action_steps", "outcomes", "objectives"];

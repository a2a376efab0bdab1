/**
 * What the offline loop of examples/offline-sync (the `soupkit init`
 * scaffold) prints after its `org:` line, against an org seeded with
 * samples/records.json: the main job, the example test and the published
 * package test all expect it.
 */
export const OFFLINE_LOOP_STEPS = [
  '1. sync down: DONE, 5 to do; 5 accounts and 7 contacts in the encrypted store',
  '2. offline: created Wayne Enterprises with Bruce Wayne, renamed Globex, deleted Road Runner, added a contact with a 90-character last name; 5 records to sync up',
  '3. meanwhile on the server: someone else renamed Globex to Globex Industries',
  '4. sync up (LEAVE_IF_CHANGED): DONE, 4 to do; conflict left dirty: Globex Corporation; refused by the server: STRING_TOO_LONG',
  '5. sync up (OVERWRITE): DONE, 2 to do; the server now says Globex Corporation; 0 records dirty',
  '6. sync down again: DONE; 6 accounts and 8 contacts, Wayne Enterprises has id from the server',
  '7. MERGE_FIELDS: offline, Acme grows to 1250 employees and Initech is renamed Initech Ltd; on the server, Acme moves to Shelbyville and Initech is renamed Initech LLC',
  '8. sync up (MERGE_FIELDS): DONE, 2 to do; Acme merged: 1250 employees and Shelbyville on both sides; conflict on Name of Initech: Initech Ltd here, Initech LLC on the server, nothing of it sent',
  '9. resolved Name (keep local), sync up (MERGE_FIELDS): DONE, 1 to do; the server now says Initech Ltd; 0 conflicts, 0 records dirty',
] as const;

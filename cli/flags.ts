/**
 * @deprecated Kept only while `cli/org-auth.ts` imports from here; delete it once
 * that file imports `ORG_FLAGS` from `./flag-table.js` and `checkValue` from
 * `./parse-args.js`. The flag table is `flag-table.ts`, the parser `parse-args.ts`,
 * the help text `help.ts`.
 */
export { ORG_FLAGS } from './flag-table.js';
export { checkValue } from './parse-args.js';

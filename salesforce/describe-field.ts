/**
 * The boolean flags of a describe field (`fields[]` of `GET /sobjects/{Type}/describe`)
 * and the value the REST API means when one is absent: one table for every
 * reader of describes (the generator's strict parser, the emulator's lenient
 * schema), so they never disagree on what a missing flag means.
 */

/** Each flag a describe field carries, with the value an absent (or `null`) one stands for. */
export const FIELD_FLAG_DEFAULTS = {
  nillable: true,
  createable: false,
  updateable: false,
  defaultedOnCreate: false,
  calculated: false,
  restrictedPicklist: false,
  dependentPicklist: false,
  polymorphicForeignKey: false,
  externalId: false,
  idLookup: false,
  nameField: false,
  unique: false,
  autoNumber: false,
  /** Whether GROUP BY may use the field. */
  groupable: true,
  /** Whether MIN, MAX, SUM, AVG may take the field. */
  aggregatable: true,
} as const satisfies Record<string, boolean>;

/** The name of a describe field flag, e.g. `nillable`. */
export type FieldFlag = keyof typeof FIELD_FLAG_DEFAULTS;

/** Flags as read from a describe field, each a boolean. */
export type DescribeFieldFlags = { readonly [K in FieldFlag]: boolean };

/**
 * A flag of a describe field's JSON: its value when a boolean, the REST
 * default when absent or `null`, else what `invalid` makes of the key (a
 * strict reader throws, a lenient one returns the default).
 *
 * @example
 * readFieldFlag({ nillable: false }, 'nillable', () => true); // false
 * readFieldFlag({}, 'nillable', () => false); // true (the default)
 */
export function readFieldFlag(
  json: Readonly<Record<string, unknown>>,
  key: FieldFlag,
  invalid: (key: FieldFlag) => boolean,
): boolean {
  const value = json[key];
  if (value === undefined || value === null) return FIELD_FLAG_DEFAULTS[key];
  return typeof value === 'boolean' ? value : invalid(key);
}

/**
 * SOQL date literals (`TODAY`, `LAST_N_MONTHS:3`, `THIS_FISCAL_QUARTER` …) as
 * `[start, end)` ranges in ms, in UTC, with weeks starting on Sunday and the
 * fiscal year equal to the calendar year (the platform's defaults for an org
 * in the en_US locale without a custom fiscal year).
 */
import { queryError } from './ast.js';

const DAY = 24 * 60 * 60 * 1000;

type Unit = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** The start of the unit `offset` units from the one holding `now`. */
function unitStart(unit: Unit, now: number, offset: number): number {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const today = Math.floor(now / DAY) * DAY;
  switch (unit) {
    case 'DAY':
      return today + offset * DAY;
    case 'WEEK':
      return today - date.getUTCDay() * DAY + offset * 7 * DAY;
    case 'MONTH':
      return Date.UTC(year, month + offset, 1);
    case 'QUARTER':
      return Date.UTC(year, Math.floor(month / 3) * 3 + offset * 3, 1);
    case 'YEAR':
      return Date.UTC(year + offset, 0, 1);
  }
}

/** Which units of the literal's unit it covers, relative to the current one. */
type Form = 'this' | 'last' | 'next' | 'lastN' | 'nextN' | 'nAgo';

const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  DAY: 'DAY',
  DAYS: 'DAY',
  WEEK: 'WEEK',
  WEEKS: 'WEEK',
  MONTH: 'MONTH',
  MONTHS: 'MONTH',
  QUARTER: 'QUARTER',
  QUARTERS: 'QUARTER',
  FISCAL_QUARTER: 'QUARTER',
  FISCAL_QUARTERS: 'QUARTER',
  YEAR: 'YEAR',
  YEARS: 'YEAR',
  FISCAL_YEAR: 'YEAR',
  FISCAL_YEARS: 'YEAR',
};

const FIXED: Readonly<Record<string, [Unit, 'this' | 'last' | 'next']>> = {
  TODAY: ['DAY', 'this'],
  YESTERDAY: ['DAY', 'last'],
  TOMORROW: ['DAY', 'next'],
};

function shapeOf(name: string): { unit: Unit; form: Form } | undefined {
  const fixed = FIXED[name];
  if (fixed !== undefined) return { unit: fixed[0], form: fixed[1] };
  const nMatch = /^(LAST|NEXT)_N_(.+)$/.exec(name);
  if (nMatch !== null) {
    const unit = UNIT_WORDS[nMatch[2] as string];
    if (unit === undefined) return undefined;
    return { unit, form: nMatch[1] === 'LAST' ? 'lastN' : 'nextN' };
  }
  const ago = /^N_(.+)_AGO$/.exec(name);
  if (ago !== null) {
    const unit = UNIT_WORDS[ago[1] as string];
    return unit === undefined ? undefined : { unit, form: 'nAgo' };
  }
  const match = /^(THIS|LAST|NEXT)_(.+)$/.exec(name);
  if (match !== null) {
    const unit = UNIT_WORDS[match[2] as string];
    if (unit === undefined) return undefined;
    return { unit, form: (match[1] as string).toLowerCase() as Form };
  }
  return undefined;
}

/**
 * The `[start, end)` range in ms of a date literal at `now`, in UTC; throws a
 * `MALFORMED_QUERY` `SoqlError` for an unknown literal.
 *
 * @example
 * dateLiteralRange('LAST_N_DAYS', 2, Date.UTC(2030, 0, 10, 12), 'q');
 * // [Date.UTC(2030, 0, 8), Date.UTC(2030, 0, 11)] — today and the 2 days before
 */
export function dateLiteralRange(
  name: string,
  n: number | undefined,
  now: number,
  text: string,
): [number, number] {
  // The 90-day literals are LAST_N_DAYS:90 / NEXT_N_DAYS:90.
  if (name === 'LAST_90_DAYS') return dateLiteralRange('LAST_N_DAYS', 90, now, text);
  if (name === 'NEXT_90_DAYS') return dateLiteralRange('NEXT_N_DAYS', 90, now, text);
  const found = shapeOf(name);
  if (found === undefined) {
    throw queryError('MALFORMED_QUERY', text, `unknown date literal ${name}`);
  }
  const { unit, form } = found;
  const at = (offset: number) => unitStart(unit, now, offset);
  const count = n ?? 0;
  switch (form) {
    case 'this':
      return [at(0), at(1)];
    case 'last':
      return [at(-1), at(0)];
    case 'next':
      return [at(1), at(2)];
    // LAST_N_DAYS includes today; the other LAST_N_… end with the previous unit.
    case 'lastN':
      return unit === 'DAY' ? [at(-count), at(1)] : [at(-count), at(0)];
    case 'nextN':
      return [at(1), at(1 + count)];
    case 'nAgo':
      return [at(-count), at(1 - count)];
  }
}

/**
 * SOQL date functions (`CALENDAR_YEAR(CreatedDate)` …) on a date or date-time
 * value, in UTC; the fiscal ones equal the calendar ones (fiscal year starting
 * in January, the platform's default).
 */
import { parseDateTime } from '../org/clock.js';
import type { DateFunction } from './ast.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The function's value for a stored date / date-time, or null when there is none.
 *
 * @example
 * applyDateFunction('CALENDAR_QUARTER', '2030-05-02'); // 2
 * applyDateFunction('DAY_ONLY', '2030-05-02T23:10:00.000+0000'); // '2030-05-02'
 */
export function applyDateFunction(fn: DateFunction, value: unknown): number | string | null {
  if (typeof value !== 'string') return null;
  const ms = parseDateTime(value);
  if (ms === undefined) return null;
  const date = new Date(ms);
  const month = date.getUTCMonth() + 1;
  const dayOfYear = Math.floor((ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY) + 1;
  switch (fn) {
    case 'CALENDAR_YEAR':
    case 'FISCAL_YEAR':
      return date.getUTCFullYear();
    case 'CALENDAR_QUARTER':
    case 'FISCAL_QUARTER':
      return Math.ceil(month / 3);
    case 'CALENDAR_MONTH':
    case 'FISCAL_MONTH':
      return month;
    case 'DAY_IN_MONTH':
      return date.getUTCDate();
    case 'DAY_IN_WEEK':
      return date.getUTCDay() + 1; // 1 = Sunday
    case 'DAY_IN_YEAR':
      return dayOfYear;
    case 'DAY_ONLY':
      return date.toISOString().slice(0, 10);
    case 'HOUR_IN_DAY':
      return date.getUTCHours();
    // Weeks of these two count from the 1st: days 1–7 are week 1.
    case 'WEEK_IN_MONTH':
      return Math.floor((date.getUTCDate() - 1) / 7) + 1;
    case 'WEEK_IN_YEAR':
      return Math.floor((dayOfYear - 1) / 7) + 1;
  }
}

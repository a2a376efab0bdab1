/**
 * SOQL date literals and date functions through real jsforce, with the org's
 * clock pinned to Wednesday 2030-05-15 10:00 UTC: one invoice per day from
 * 2027 to 2033 (a date field, and a date-time at 23:30 UTC that day), and each
 * literal's first and last matching day checked against the platform's
 * definition (weeks from Sunday, fiscal year = calendar year, UTC).
 */
import { SfDate } from 'jsforce';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const DAY = 24 * 60 * 60 * 1000;
const FIRST = Date.UTC(2027, 0, 1);
const LAST = Date.UTC(2033, 11, 31);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const days: string[] = [];
for (let ms = FIRST; ms <= LAST; ms += DAY) days.push(day(ms));

const org = useEmulator(() => ({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [{ '@ref': 'a', Name: 'Billing' }],
    Invoice__c: days.map((d, i) => ({
      Account__c: '@a',
      Amount__c: 1,
      Sequence__c: i,
      Due_Date__c: d,
      Issued_At__c: `${d}T23:30:00.000Z`,
    })),
  },
}));

beforeAll(() => {
  org.emulator.clock.set(Date.UTC(2030, 4, 15, 10, 0, 0));
});

type Row = Record<string, unknown>;

async function rows(soql: string): Promise<Row[]> {
  return ((await org.connect().query(soql)) as { records: Row[] }).records;
}

/** First day, last day and number of days matching `where`, on the date and the date-time field. */
async function span(where: (field: string) => string): Promise<[string, string, number][]> {
  const out: [string, string, number][] = [];
  for (const field of ['Due_Date__c', 'Issued_At__c']) {
    const [row] = await rows(
      `SELECT MIN(${field}) lo, MAX(${field}) hi, COUNT(Id) n FROM Invoice__c WHERE ${where(field)}`,
    );
    out.push([String(row?.lo).slice(0, 10), String(row?.hi).slice(0, 10), Number(row?.n)]);
  }
  return out;
}

const inclusive = (first: string, last: string) =>
  Math.round((Date.parse(last) - Date.parse(first)) / DAY) + 1;

/** Literal → first and last day it covers on 2030-05-15 (a Wednesday). */
const EXPECTED: Record<string, [string, string]> = {
  TODAY: ['2030-05-15', '2030-05-15'],
  YESTERDAY: ['2030-05-14', '2030-05-14'],
  TOMORROW: ['2030-05-16', '2030-05-16'],
  THIS_WEEK: ['2030-05-12', '2030-05-18'],
  LAST_WEEK: ['2030-05-05', '2030-05-11'],
  NEXT_WEEK: ['2030-05-19', '2030-05-25'],
  THIS_MONTH: ['2030-05-01', '2030-05-31'],
  LAST_MONTH: ['2030-04-01', '2030-04-30'],
  NEXT_MONTH: ['2030-06-01', '2030-06-30'],
  LAST_90_DAYS: ['2030-02-14', '2030-05-15'],
  NEXT_90_DAYS: ['2030-05-16', '2030-08-13'],
  'LAST_N_DAYS:3': ['2030-05-12', '2030-05-15'],
  'NEXT_N_DAYS:3': ['2030-05-16', '2030-05-18'],
  'N_DAYS_AGO:3': ['2030-05-12', '2030-05-12'],
  'NEXT_N_WEEKS:2': ['2030-05-19', '2030-06-01'],
  'LAST_N_WEEKS:2': ['2030-04-28', '2030-05-11'],
  'N_WEEKS_AGO:2': ['2030-04-28', '2030-05-04'],
  'NEXT_N_MONTHS:2': ['2030-06-01', '2030-07-31'],
  'LAST_N_MONTHS:2': ['2030-03-01', '2030-04-30'],
  'N_MONTHS_AGO:2': ['2030-03-01', '2030-03-31'],
  THIS_QUARTER: ['2030-04-01', '2030-06-30'],
  LAST_QUARTER: ['2030-01-01', '2030-03-31'],
  NEXT_QUARTER: ['2030-07-01', '2030-09-30'],
  'NEXT_N_QUARTERS:2': ['2030-07-01', '2030-12-31'],
  'LAST_N_QUARTERS:2': ['2029-10-01', '2030-03-31'],
  'N_QUARTERS_AGO:2': ['2029-10-01', '2029-12-31'],
  THIS_YEAR: ['2030-01-01', '2030-12-31'],
  LAST_YEAR: ['2029-01-01', '2029-12-31'],
  NEXT_YEAR: ['2031-01-01', '2031-12-31'],
  'NEXT_N_YEARS:2': ['2031-01-01', '2032-12-31'],
  'LAST_N_YEARS:2': ['2028-01-01', '2029-12-31'],
  'N_YEARS_AGO:2': ['2028-01-01', '2028-12-31'],
  THIS_FISCAL_QUARTER: ['2030-04-01', '2030-06-30'],
  LAST_FISCAL_QUARTER: ['2030-01-01', '2030-03-31'],
  NEXT_FISCAL_QUARTER: ['2030-07-01', '2030-09-30'],
  'NEXT_N_FISCAL_QUARTERS:2': ['2030-07-01', '2030-12-31'],
  'LAST_N_FISCAL_QUARTERS:2': ['2029-10-01', '2030-03-31'],
  'N_FISCAL_QUARTERS_AGO:2': ['2029-10-01', '2029-12-31'],
  THIS_FISCAL_YEAR: ['2030-01-01', '2030-12-31'],
  LAST_FISCAL_YEAR: ['2029-01-01', '2029-12-31'],
  NEXT_FISCAL_YEAR: ['2031-01-01', '2031-12-31'],
  'NEXT_N_FISCAL_YEARS:2': ['2031-01-01', '2032-12-31'],
  'LAST_N_FISCAL_YEARS:2': ['2028-01-01', '2029-12-31'],
  'N_FISCAL_YEARS_AGO:2': ['2028-01-01', '2028-12-31'],
};

describe('date literals', () => {
  it.each(Object.entries(EXPECTED))(
    '%s covers its days on date and date-time fields',
    async (literal, [first, last]) => {
      const expected: [string, string, number] = [first, last, inclusive(first, last)];
      expect(await span((field) => `${field} = ${literal}`)).toEqual([expected, expected]);
    },
  );

  it('<, <=, >, >=, != and IN against a literal', async () => {
    const total = days.length;
    expect(await span((f) => `${f} < THIS_MONTH`)).toEqual(
      Array(2).fill(['2027-01-01', '2030-04-30', inclusive('2027-01-01', '2030-04-30')]),
    );
    expect(await span((f) => `${f} <= THIS_MONTH`)).toEqual(
      Array(2).fill(['2027-01-01', '2030-05-31', inclusive('2027-01-01', '2030-05-31')]),
    );
    expect(await span((f) => `${f} > THIS_MONTH`)).toEqual(
      Array(2).fill(['2030-06-01', '2033-12-31', inclusive('2030-06-01', '2033-12-31')]),
    );
    expect(await span((f) => `${f} >= THIS_MONTH`)).toEqual(
      Array(2).fill(['2030-05-01', '2033-12-31', inclusive('2030-05-01', '2033-12-31')]),
    );
    const notThisMonth = await span((f) => `${f} != THIS_MONTH`);
    expect(notThisMonth.map((s) => s[2])).toEqual([total - 31, total - 31]);
    expect(await span((f) => `${f} IN (YESTERDAY, TOMORROW)`)).toEqual(
      Array(2).fill(['2030-05-14', '2030-05-16', 2]),
    );
    const notIn = await span((f) => `${f} NOT IN (LAST_N_DAYS:1)`);
    expect(notIn.map((s) => s[2])).toEqual([total - 2, total - 2]);
  });

  it('follows the org clock', async () => {
    const { clock } = org.emulator;
    clock.set(Date.UTC(2031, 0, 1, 0, 30));
    try {
      expect(await span((f) => `${f} = LAST_WEEK`)).toEqual(
        Array(2).fill(['2030-12-22', '2030-12-28', 7]),
      );
    } finally {
      clock.set(Date.UTC(2030, 4, 15, 10, 0, 0));
    }
  });

  it("jsforce's SfDate literals and dates in the query builder", async () => {
    const invoices = org.connect().sobject('Invoice__c');
    expect(await invoices.count({ Due_Date__c: SfDate.LAST_N_DAYS(3) })).toBe(4);
    expect(await invoices.count({ Issued_At__c: { $gte: SfDate.NEXT_N_MONTHS(2) } })).toBe(
      inclusive('2030-06-01', '2033-12-31'),
    );
    expect(await invoices.count({ Due_Date__c: SfDate.THIS_QUARTER })).toBe(91);
    expect(
      await invoices.find({ Issued_At__c: { $lt: new SfDate('1970-01-01T00:00:00Z') } }),
    ).toEqual([]);
    const [first] = await invoices
      .find({ Due_Date__c: { $lte: SfDate.LAST_YEAR } })
      .sort('Due_Date__c')
      .limit(1);
    expect(first).toMatchObject({ Due_Date__c: '2027-01-01', Sequence__c: 0 });
    expect(
      await invoices.count({
        Due_Date__c: { $gte: SfDate.toDateLiteral(new Date(Date.UTC(2033, 11, 30))) },
      }),
    ).toBe(2);
    expect(
      await invoices.count({
        Issued_At__c: { $lt: SfDate.toDateTimeLiteral(new Date(Date.UTC(2027, 0, 2, 23, 30))) },
      }),
    ).toBe(1);
  });
});

describe('date functions', () => {
  it('in SELECT and GROUP BY, on the date-time 2030-05-15T23:30Z', async () => {
    const fns = [
      'CALENDAR_YEAR',
      'CALENDAR_QUARTER',
      'CALENDAR_MONTH',
      'DAY_IN_MONTH',
      'DAY_IN_WEEK',
      'DAY_IN_YEAR',
      'DAY_ONLY',
      'FISCAL_MONTH',
      'FISCAL_QUARTER',
      'FISCAL_YEAR',
      'HOUR_IN_DAY',
      'WEEK_IN_MONTH',
      'WEEK_IN_YEAR',
    ];
    const list = fns.map((fn) => `${fn}(Issued_At__c)`).join(', ');
    const [row] = await rows(
      `SELECT ${list}, COUNT(Id) FROM Invoice__c WHERE Due_Date__c = TODAY GROUP BY ${list}`,
    );
    expect(row).toEqual({
      attributes: { type: 'AggregateResult' },
      expr0: 2030,
      expr1: 2,
      expr2: 5,
      expr3: 15,
      expr4: 4,
      expr5: 135,
      expr6: '2030-05-15',
      expr7: 5,
      expr8: 2,
      expr9: 2030,
      expr10: 23,
      expr11: 3,
      expr12: 20,
      expr13: 1,
    });
  });

  it('group and filter by a date function, with convertTimezone() as UTC', async () => {
    const quarters = await rows(
      'SELECT CALENDAR_QUARTER(Due_Date__c) q, COUNT(Id) n FROM Invoice__c WHERE CALENDAR_YEAR(Due_Date__c) = 2030 GROUP BY CALENDAR_QUARTER(Due_Date__c) ORDER BY CALENDAR_QUARTER(Due_Date__c) DESC',
    );
    expect(quarters.map((r) => [r.q, r.n])).toEqual([
      [4, 92],
      [3, 92],
      [2, 91],
      [1, 90],
    ]);
    const hours = await rows(
      'SELECT HOUR_IN_DAY(convertTimezone(Issued_At__c)) h, COUNT(Id) n FROM Invoice__c GROUP BY HOUR_IN_DAY(convertTimezone(Issued_At__c))',
    );
    expect(hours).toEqual([{ attributes: { type: 'AggregateResult' }, h: 23, n: days.length }]);
    const sundays = await rows(
      'SELECT Due_Date__c FROM Invoice__c WHERE DAY_IN_WEEK(Due_Date__c) = 1 AND Due_Date__c = THIS_MONTH ORDER BY Due_Date__c',
    );
    expect(sundays.map((r) => r.Due_Date__c)).toEqual([
      '2030-05-05',
      '2030-05-12',
      '2030-05-19',
      '2030-05-26',
    ]);
    const byDay = await rows('SELECT Id FROM Invoice__c WHERE DAY_ONLY(Issued_At__c) = 2030-05-15');
    expect(byDay).toHaveLength(1);
  });

  it('refuses a date function on a field that is not a date', async () => {
    const error = await org
      .connect()
      .query('SELECT CALENDAR_YEAR(Name), COUNT(Id) FROM Invoice__c GROUP BY CALENDAR_YEAR(Name)')
      .then(
        () => undefined,
        (e: unknown) => e as { errorCode: string },
      );
    expect(error?.errorCode).toBe('MALFORMED_QUERY');
  });
});

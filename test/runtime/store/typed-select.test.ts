import { describe, expect, it } from 'vitest';
import { bindSoup, defineSoup } from '../../../runtime/store/typed-soup.js';
import { memoryStore } from '../../helpers/store-helpers.js';

interface Account {
  Id: string;
  Name: string;
  Employees?: number;
  AnnualRevenue: number | null;
  Rating: 'Hot' | 'Warm' | 'Cold' | null;
  IsActive: boolean;
  Tags: string[];
  Owner?: { Name: string; Alias?: string } | null;
}

const accountSoup = defineSoup<Account>()({
  soupName: 'accounts',
  indexSpecs: [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'full_text' },
    { path: 'Employees', type: 'integer' },
    { path: 'Rating', type: 'json1' },
  ],
});

function seeded() {
  const store = memoryStore();
  const accounts = bindSoup(store, accountSoup);
  accounts.register();
  accounts.upsert([
    {
      Id: '001',
      Name: 'Acme',
      Employees: 50,
      AnnualRevenue: 1_000_000,
      Rating: 'Hot',
      IsActive: true,
      Tags: ['a', 'b'],
      Owner: { Name: 'Ada' },
    },
    {
      Id: '002',
      Name: 'Globex',
      AnnualRevenue: null,
      Rating: null,
      IsActive: false,
      Tags: [],
      Owner: null,
    },
  ]);
  return { store, accounts };
}

describe('typed soups: select', () => {
  it('reads the selected paths as the store holds them, in order, for every entry by default', () => {
    const { accounts } = seeded();
    const rows = accounts.select(
      ['Name', 'AnnualRevenue', 'Employees', 'Rating', 'IsActive', 'Tags', 'Owner.Name'],
      { queryType: 'all', orderPath: 'Id' },
    );
    expect(rows).toEqual([
      ['Acme', 1_000_000, 50, 'Hot', 1, '["a","b"]', 'Ada'],
      ['Globex', null, null, null, 0, '[]', null],
    ]);
  });

  it('takes a typed query spec and a page index, and selects metadata and whole entries', () => {
    const { accounts } = seeded();
    const [row] = accounts.select(['_soupEntryId', '_soup', '_soupCreatedDate'], {
      queryType: 'exact',
      indexPath: 'Id',
      matchKey: '002',
    });
    expect(row?.[0]).toBe(2);
    expect(row?.[1]).toMatchObject({ Id: '002', Name: 'Globex', _soupEntryId: 2 });
    expect(typeof row?.[2]).toBe('number');
    const second = accounts.select(['Id'], { queryType: 'all', orderPath: 'Id', pageSize: 1 }, 1);
    expect(second).toEqual([['002']]);
    expect(
      accounts.select(['Id'], { queryType: 'range', indexPath: 'Employees', beginKey: 10 }),
    ).toEqual([['001']]);
  });

  it('refuses an empty selection at run time as the store does', () => {
    const { accounts } = seeded();
    expect(() => accounts.select([] as unknown as ['Id'], { queryType: 'all' })).toThrowError(
      /selectPaths must be a non-empty array/,
    );
  });
});

describe('SmartStore.smartQuery', () => {
  it('returns the rows of a Smart SQL page, with where args, page size and index', () => {
    const { store } = seeded();
    const sql =
      'select {accounts:Name}, {accounts:Employees} from {accounts} where {accounts:Id} >= ? order by {accounts:Id}';
    expect(store.smartQuery<[string, number | null]>(sql, { whereArgs: ['001'] })).toEqual([
      ['Acme', 50],
      ['Globex', null],
    ]);
    expect(
      store.smartQuery<[string, number | null]>(sql, {
        whereArgs: ['001'],
        pageSize: 1,
        pageIndex: 1,
      }),
    ).toEqual([['Globex', null]]);
    expect(store.smartQuery('select count(*) from {accounts}')).toEqual([[2]]);
  });

  it('pages hold 10 rows by default, as buildSmartQuerySpec', () => {
    const { store, accounts } = seeded();
    accounts.upsert(
      Array.from({ length: 20 }, (_, i) => ({
        Id: `1${String(i).padStart(2, '0')}`,
        Name: `N${i}`,
        AnnualRevenue: i,
        Rating: null,
        IsActive: true,
        Tags: [],
      })),
    );
    expect(store.smartQuery<[string]>('select {accounts:Id} from {accounts}')).toHaveLength(10);
  });

  it('fails as query does for bad Smart SQL and bad options', () => {
    const { store } = seeded();
    expect(() => store.smartQuery('select {nope:Name} from {nope}')).toThrowError(/nope/);
    expect(() => store.smartQuery('select 1', { pageSize: 0 })).toThrowError(/pageSize/);
    expect(() => store.smartQuery('select 1', { pageIndex: -1 })).toThrowError(/pageIndex/);
  });
});

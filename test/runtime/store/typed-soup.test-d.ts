/**
 * Type tests of typed soups and typed Smart SQL rows, run by vitest's
 * typecheck (`*.test-d.ts`): nothing here runs, a wrong type fails the test.
 * The run-time behaviour is in typed-soup.test.ts and typed-select.test.ts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { QueryRow } from '../../../runtime/store/query-plans.js';
import type { SelectedRow } from '../../../runtime/store/typed-select.js';
import { bindSoup, defineSoup, type SoupEntry } from '../../../runtime/store/typed-soup.js';
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
  Parts: { Sku: string }[];
}

const accountSoup = defineSoup<Account>()({
  soupName: 'accounts',
  indexSpecs: [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'full_text' },
    { path: 'Employees', type: 'integer' },
    { path: 'Rating', type: 'json1' },
    { path: 'Owner.Alias', type: 'string' },
    { path: 'Score', type: 'floating' },
  ],
});

const accounts = bindSoup(memoryStore(), accountSoup);

describe('typed soups', () => {
  it('upsert, retrieve and query return entries of the record type', () => {
    const [acme] = accounts.upsert([
      {
        Id: '001',
        Name: 'Acme Corp',
        AnnualRevenue: null,
        Rating: null,
        IsActive: true,
        Tags: [],
        Parts: [],
      },
    ]);
    expectTypeOf(acme).toEqualTypeOf<SoupEntry<Account> | undefined>();
    expectTypeOf(accounts.retrieve([1])).toEqualTypeOf<SoupEntry<Account>[]>();
    expectTypeOf(accounts.query({ queryType: 'all' })).toEqualTypeOf<SoupEntry<Account>[]>();
  });

  it('query specs accept indexed paths and keys of the index type only', () => {
    type Spec = Parameters<typeof accounts.query>[0];
    expectTypeOf<{ queryType: 'exact'; indexPath: 'Employees'; matchKey: 10 }>().toExtend<Spec>();
    expectTypeOf<{ queryType: 'exact'; indexPath: 'Tags'; matchKey: 'x' }>().not.toExtend<Spec>();
    expectTypeOf<{
      queryType: 'exact';
      indexPath: 'Employees';
      matchKey: 'ten';
    }>().not.toExtend<Spec>();
    expectTypeOf<{ queryType: 'match'; indexPath: 'Id'; matchKey: 'x' }>().not.toExtend<Spec>();
  });
});

describe('typed select', () => {
  it('types each column from the index type or, unindexed, from the record as json_extract reads it', () => {
    const rows = accounts.select([
      'Name', // full_text index: text
      'Employees', // integer index on an optional number
      'Rating', // json1 index: the picklist values
      'AnnualRevenue', // unindexed number | null
      'IsActive', // unindexed boolean: 0 or 1
      'Tags', // unindexed array: JSON text
      'Owner.Name', // one level into an object that may be missing
      'Owner.Alias', // indexed (string) inside an optional object
      'Score', // indexed, but not in the record type
      '_soupEntryId',
      '_soupCreatedDate',
    ]);
    expectTypeOf(rows).toEqualTypeOf<
      [
        string,
        number | null,
        'Hot' | 'Warm' | 'Cold' | null,
        number | null,
        0 | 1,
        string,
        string | null,
        string | null,
        number | null,
        number,
        number,
      ][]
    >();
    expectTypeOf(accounts.select(['_soup'])).toEqualTypeOf<[SoupEntry<Account>][]>();
  });

  it('keeps the query spec typed, and takes a page index', () => {
    expectTypeOf(
      accounts.select(['Id'], { queryType: 'range', indexPath: 'Employees', beginKey: 10 }, 2),
    ).toEqualTypeOf<[string][]>();
    // @ts-expect-error Employees is an integer index: the key must be a number
    accounts.select(['Id'], { queryType: 'range', indexPath: 'Employees', beginKey: 'ten' });
  });

  it('refuses paths the soup cannot read, arrays being entered, and an empty selection', () => {
    // @ts-expect-error Website is neither a field nor an index
    accounts.select(['Website']);
    // @ts-expect-error paths do not go into arrays (json_extract would read null)
    accounts.select(['Parts.Sku']);
    // @ts-expect-error select at least one path
    accounts.select([]);
  });

  it('SelectedRow is the public name of a row type', () => {
    type Row = SelectedRow<Account, typeof accountSoup.indexSpecs, ['Id', 'AnnualRevenue']>;
    expectTypeOf<Row>().toEqualTypeOf<[string, number | null]>();
  });
});

describe('SmartStore.smartQuery', () => {
  const store = memoryStore();

  it('returns rows of the tuple type asked for', () => {
    expectTypeOf(
      store.smartQuery<[string, number]>('select {accounts:Name}, 1 from {accounts}'),
    ).toEqualTypeOf<[string, number][]>();
  });

  it('returns unknown[] rows by default, and query is unchanged', () => {
    expectTypeOf(store.smartQuery('select 1')).toEqualTypeOf<unknown[][]>();
    expectTypeOf(store.query).returns.toEqualTypeOf<QueryRow[]>();
  });

  it('only takes array row types', () => {
    // @ts-expect-error a row is an array of the selected columns
    store.smartQuery<{ Name: string }>('select {accounts:Name} from {accounts}');
  });
});

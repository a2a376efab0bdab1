import { describe, expect, it } from 'vitest';
import { bindSoup, defineSoup } from '../../../runtime/store/typed-soup.js';
import { memoryStore } from '../../helpers/store-helpers.js';

interface Account {
  Id: string;
  Name: string;
  Employees?: number;
}

const accountSoup = defineSoup<Account>()({
  soupName: 'accounts',
  indexSpecs: [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'full_text' },
    { path: 'Employees', type: 'integer' },
  ],
});

describe('typed soups on a SmartStore', () => {
  it('register, upsert by external id, query, count, retrieve, remove, clear', () => {
    const store = memoryStore();
    const accounts = bindSoup(store, accountSoup);
    accounts.register();
    accounts.register(); // no-op
    expect(store.getSoupIndexSpecs('accounts')).toHaveLength(3);
    const [acme] = accounts.upsert([{ Id: '001', Name: 'Acme Corp', Employees: 50 }]);
    accounts.upsert([{ Id: '002', Name: 'Globex', Employees: 10 }]);
    const [renamed] = accounts.upsertByExternalId(
      [{ Id: '001', Name: 'Acme Inc', Employees: 55 }],
      'Id',
    );
    expect(renamed?._soupEntryId).toBe(acme?._soupEntryId);

    expect(accounts.query({ queryType: 'exact', indexPath: 'Id', matchKey: '001' })[0]?.Name).toBe(
      'Acme Inc',
    );
    expect(
      accounts.query({ queryType: 'range', indexPath: 'Employees', beginKey: 20 }).map((a) => a.Id),
    ).toEqual(['001']);
    expect(
      accounts.query({ queryType: 'match', indexPath: 'Name', matchKey: 'glob*' }).map((a) => a.Id),
    ).toEqual(['002']);
    expect(accounts.query({ queryType: 'like', indexPath: 'Name', likeKey: 'acme%' })).toHaveLength(
      1,
    );
    expect(accounts.count({ queryType: 'all' })).toBe(2);
    expect(
      accounts.query(
        { queryType: 'all', orderPath: 'Employees', order: 'descending', pageSize: 1 },
        1,
      )[0]?.Id,
    ).toBe('002');

    accounts.remove([acme?._soupEntryId ?? 0]);
    expect(accounts.retrieve([1, 2]).map((a) => a.Id)).toEqual(['002']);
    accounts.clear();
    expect(accounts.count({ queryType: 'all' })).toBe(0);
  });

  it('rejects paths and keys that do not fit the specs at compile time', () => {
    const store = memoryStore();
    const accounts = bindSoup(store, accountSoup);
    accounts.register();
    accounts.upsert([{ Id: '001', Name: 'Acme', Employees: 10 }]);
    type Spec = Parameters<typeof accounts.query>[0];
    // @ts-expect-error Website is not indexed
    const unindexed: Spec = { queryType: 'exact', indexPath: 'Website', matchKey: 'x' };
    // @ts-expect-error Employees is an integer index: the key must be a number
    const wrongKey: Spec = { queryType: 'exact', indexPath: 'Employees', matchKey: 'ten' };
    // @ts-expect-error only full_text paths can be matched
    const notFullText: Spec = { queryType: 'match', indexPath: 'Id', matchKey: 'x' };
    // What the types prevent would otherwise fail or find nothing at run time.
    expect(accounts.count(unindexed)).toBe(0);
    expect(accounts.count(wrongKey)).toBe(0);
    expect(() => accounts.count(notFullText)).toThrow(/full_text/);
  });
});

/**
 * The typed resolution API: a generated binding's `resolveConflicts` takes
 * the object's updateable fields only (a non-field, or a read-only one, fails
 * to compile), and `conflicts()` lists records with their typed conflicts.
 * Checked by `tsc` (this file is in the project) and run by vitest.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bindAccountSoup } from '../../../examples/offline-sync/src/generated/soups/Account.js';
import { CONFLICTS, type ConflictChoice, LAST_ERROR } from '../../../runtime/sync/index.js';
import { memoryStore } from '../../helpers/store-helpers.js';

describe('bindAccountSoup(store).resolveConflicts', () => {
  it('is typed by the update shape and resolves at run time', () => {
    const store = memoryStore();
    const accounts = bindAccountSoup(store);
    accounts.register();
    const saved = accounts.upsert([
      {
        Id: '001000000000001AAA',
        Name: 'Typed',
        Industry: 'Energy',
        attributes: { type: 'Account' },
        __local__: true,
        __locally_created__: false,
        __locally_updated__: true,
        __locally_deleted__: false,
        [CONFLICTS]: [{ field: 'Industry', base: 'Banking', local: 'Energy', server: 'Media' }],
        [LAST_ERROR]: 'conflict',
      } as never,
    ])[0];
    const id = saved?._soupEntryId as number;

    expectTypeOf(accounts.resolveConflicts).parameter(1).toHaveProperty('Industry');
    expectTypeOf<
      NonNullable<Parameters<typeof accounts.resolveConflicts>[1]['Industry']>
    >().toEqualTypeOf<ConflictChoice>();
    // @ts-expect-error Not a field of Account.
    expect(() => accounts.resolveConflicts(id, { Nonsense__c: 'local' })).toThrow();
    // @ts-expect-error `Id` is not resolvable.
    expect(() => accounts.resolveConflicts(id, { Id: 'local' })).toThrow();
    // @ts-expect-error A whole-record conflict takes 'local' or 'server' only.
    expect(() => accounts.resolveConflicts(id, { '*': { value: 1 } })).toThrow();

    const [listed] = accounts.conflicts();
    expect(listed?.conflicts.map((c) => c.field)).toEqual(['Industry']);
    type Field = NonNullable<typeof listed>['conflicts'][number]['field'];
    const field: Field = 'Industry';
    const whole: Field = '*';
    // @ts-expect-error A conflict's field is one of the object's updateable fields.
    const wrong: Field = 'Nonsense__c';
    expect([field, whole, wrong]).toHaveLength(3);

    const resolved = accounts.resolveConflicts(id, { Industry: 'server' });
    expect(resolved?.Industry).toBe('Media');
    expect(accounts.conflicts()).toEqual([]);
  });
});

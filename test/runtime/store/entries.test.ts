import { describe, expect, it, vi } from 'vitest';
import type { IndexSpec } from '../../../runtime/store/specs.js';
import { expectStoreError, memoryStore } from '../../helpers/store-helpers.js';

const specs: IndexSpec[] = [
  { path: 'Id', type: 'string' },
  { path: 'Name', type: 'full_text' },
  { path: 'Age', type: 'integer' },
  { path: 'Address.City', type: 'json1' },
  { path: 'Code', type: 'integer' },
];

function setup() {
  const store = memoryStore();
  store.registerSoup('people', specs);
  return store;
}

function rawRow(store: ReturnType<typeof setup>, id: number) {
  const rows = store.retrieve('people', [id]);
  return rows[0];
}

describe('upsert: create', () => {
  it('adds _soupEntryId and _soupLastModifiedDate and returns the stored entries', () => {
    const store = setup();
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
    try {
      const saved = store.upsert('people', [{ Id: 'a', Name: 'Ann' }, { Id: 'b' }]);
      expect(saved).toEqual([
        { Id: 'a', Name: 'Ann', _soupEntryId: 1, _soupLastModifiedDate: 1_700_000_000_000 },
        { Id: 'b', _soupEntryId: 2, _soupLastModifiedDate: 1_700_000_000_000 },
      ]);
      expect(store.retrieve('people', [1, 2])).toEqual(saved);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not mutate the input and never writes _soupCreatedDate into the JSON', () => {
    const store = setup();
    const input = { Id: 'a' };
    const [saved] = store.upsert('people', [input]);
    expect(input).toEqual({ Id: 'a' });
    expect(saved).not.toHaveProperty('_soupCreatedDate');
    expect(rawRow(store, 1)).not.toHaveProperty('_soupCreatedDate');
  });

  it('ids keep counting after deletes and start at 1 per soup', () => {
    const store = setup();
    store.registerSoup('other', [{ path: 'Id', type: 'string' }]);
    store.upsert('people', [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }]);
    store.remove('people', [3]);
    expect(store.upsert('people', [{ Id: 'd' }])[0]?._soupEntryId).toBe(4);
    expect(store.upsert('other', [{ Id: 'x' }])[0]?._soupEntryId).toBe(1);
  });

  it('returns [] for an empty batch', () => {
    expect(setup().upsert('people', [])).toEqual([]);
  });
});

describe('upsert: update by _soupEntryId', () => {
  it('replaces the JSON, keeps the id and moves lastModified forward', () => {
    const store = setup();
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
    try {
      const [created] = store.upsert('people', [{ Id: 'a', Name: 'Ann', Age: 30 }]);
      vi.setSystemTime(5_000);
      const [updated] = store.upsert('people', [{ ...created, Name: 'Anne', Age: undefined }]);
      expect(updated).toMatchObject({
        _soupEntryId: 1,
        _soupLastModifiedDate: 5_000,
        Name: 'Anne',
      });
      expect(store.retrieve('people', [1])[0]).toEqual({
        Id: 'a',
        Name: 'Anne',
        _soupEntryId: 1,
        _soupLastModifiedDate: 5_000,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('throws STORE_UNKNOWN_ENTRY for an id the soup does not hold, and rolls the batch back', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'a' }]);
    const error = expectStoreError(
      () => store.upsert('people', [{ Id: 'new' }, { _soupEntryId: 42, Id: 'ghost' }]),
      'STORE_UNKNOWN_ENTRY',
    );
    expect(error.message).toContain('42');
    expect(store.retrieve('people', [1, 2, 42]).map((e) => e.Id)).toEqual(['a']);
    // the rolled-back insert did not consume id 2
    expect(store.upsert('people', [{ Id: 'b' }])[0]?._soupEntryId).toBe(2);
  });

  it('rejects non-integer ids and non-object entries', () => {
    const store = setup();
    expectStoreError(() => store.upsert('people', [{ _soupEntryId: '1' }]), 'STORE_BAD_ENTRY');
    expectStoreError(() => store.upsert('people', [{ _soupEntryId: 1.5 }]), 'STORE_BAD_ENTRY');
    expectStoreError(() => store.upsert('people', [null as unknown as object]), 'STORE_BAD_ENTRY');
    expectStoreError(() => store.upsert('people', [[1, 2]]), 'STORE_BAD_ENTRY');
    expectStoreError(() => store.upsert('people', [{ big: 1n }]), 'STORE_BAD_ENTRY');
    expectStoreError(() => store.upsert('people', 'x' as never), 'STORE_BAD_ARGUMENT');
    expect(store.retrieve('people', [1])).toEqual([]);
  });
});

describe('upsert with an external id path', () => {
  it('updates the entry with the same indexed value, creates otherwise', () => {
    const store = setup();
    const [first] = store.upsert('people', [{ Id: 'a', Name: 'Ann' }], 'Id');
    const [again] = store.upsert('people', [{ Id: 'a', Name: 'Anne' }], 'Id');
    const [other] = store.upsert('people', [{ Id: 'b', Name: 'Bob' }], 'Id');
    expect(first?._soupEntryId).toBe(1);
    expect(again?._soupEntryId).toBe(1);
    expect(other?._soupEntryId).toBe(2);
    expect(store.retrieve('people', [1])[0]?.Name).toBe('Anne');
  });

  it('matches on integer and json1 paths with the stored value types', () => {
    const store = setup();
    store.upsert('people', [{ Code: 7, Address: { City: 'Paris' } }]);
    const byCode = store.upsert(
      'people',
      [{ Code: 7.9, Address: { City: 'Paris' }, v: 2 }],
      'Code',
    );
    expect(byCode[0]?._soupEntryId).toBe(1);
    expect(
      store.upsert('people', [{ Address: { City: 'Paris' }, v: 3 }], 'Address.City')[0]
        ?._soupEntryId,
    ).toBe(1);
  });

  it('a later entry of the same batch finds one created earlier in it', () => {
    const store = setup();
    const saved = store.upsert(
      'people',
      [
        { Id: 'a', v: 1 },
        { Id: 'a', v: 2 },
      ],
      'Id',
    );
    expect(saved.map((e) => e._soupEntryId)).toEqual([1, 1]);
    expect(store.retrieve('people', [1, 2]).map((e) => e.v)).toEqual([2]);
  });

  it('an empty value is STORE_EXTERNAL_ID_EMPTY with the SDK message', () => {
    const store = setup();
    const error = expectStoreError(
      () => store.upsert('people', [{ Id: 'a' }, { Name: 'no id' }], 'Id'),
      'STORE_EXTERNAL_ID_EMPTY',
    );
    expect(error.message).toBe(
      "For upsert with external ID path 'Id', value cannot be empty for any entries.",
    );
    expect(store.retrieve('people', [1])).toEqual([]);
  });

  // The SDK's rule (Android SmartStore.upsert, iOS upsertOneEntry): only a
  // missing or null value is refused; "" is a value like any other, looked up
  // as such, so the first "" inserts and the next updates that entry.
  it('an empty string is a value: inserts, then updates the entry holding ""', () => {
    const store = setup();
    const [first] = store.upsert('people', [{ Id: '', Name: 'draft' }], 'Id');
    const [second] = store.upsert('people', [{ Id: '', Name: 'draft 2' }], 'Id');
    expect(first?._soupEntryId).toBe(1);
    expect(second?._soupEntryId).toBe(1);
    expect(store.retrieve('people', [1])[0]?.Name).toBe('draft 2');
  });

  it('an explicit null is empty too (STORE_EXTERNAL_ID_EMPTY)', () => {
    const store = setup();
    expectStoreError(
      () => store.upsert('people', [{ Id: null, Name: 'x' }], 'Id'),
      'STORE_EXTERNAL_ID_EMPTY',
    );
    expect(store.retrieve('people', [1])).toEqual([]);
  });

  it('more than one match is STORE_EXTERNAL_ID_NOT_UNIQUE', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'dup' }, { Id: 'dup' }]);
    const error = expectStoreError(
      () => store.upsert('people', [{ Id: 'dup', v: 1 }], 'Id'),
      'STORE_EXTERNAL_ID_NOT_UNIQUE',
    );
    expect(error.message).toContain('There are more than one soup elements where Id is dup');
  });

  it('the path must be indexed', () => {
    const store = setup();
    const error = expectStoreError(
      () => store.upsert('people', [{ Email: 'x' }], 'Email'),
      'STORE_NO_INDEX_FOR_PATH',
    );
    expect(error.message).toBe('people does not have an index on Email');
    expectStoreError(() => store.upsert('people', [{}], 'bad path!'), 'STORE_BAD_PATH');
  });
});

describe('retrieve and remove', () => {
  it('retrieve returns entries in the order asked and skips unknown ids', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }]);
    expect(store.retrieve('people', [3, 99, 1, 3]).map((e) => e.Id)).toEqual(['c', 'a']);
    expect(store.retrieve('people', [])).toEqual([]);
  });

  it('remove deletes the given ids and ignores unknown ones', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }]);
    store.remove('people', [1, 3, 77]);
    expect(store.retrieve('people', [1, 2, 3]).map((e) => e.Id)).toEqual(['b']);
  });

  it('validates ids and soups', () => {
    const store = setup();
    expectStoreError(
      () => store.retrieve('people', ['1' as unknown as number]),
      'STORE_BAD_ARGUMENT',
    );
    expectStoreError(() => store.remove('people', [1.5]), 'STORE_BAD_ARGUMENT');
    const unknown = expectStoreError(() => store.retrieve('ghosts', [1]), 'STORE_UNKNOWN_SOUP');
    expect(unknown.message).toBe('Soup: ghosts does not exist');
    expectStoreError(() => store.upsert('ghosts', [{}]), 'STORE_UNKNOWN_SOUP');
    expectStoreError(() => store.remove('ghosts', [1]), 'STORE_UNKNOWN_SOUP');
  });
});

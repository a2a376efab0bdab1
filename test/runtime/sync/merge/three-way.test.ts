/**
 * `rebasedSet`: the value a record takes once a multi-select it sent merged
 * with the server's set is known to have taken — per set value, what was
 * sent, except where the record changed it since or a sync moved its base.
 */
import { describe, expect, it } from 'vitest';
import { rebasedSet } from '../../../../runtime/sync/merge/three-way.js';

const sorted = (value: string | null) => (value === null ? [] : value.split(';').sort());

describe('rebasedSet', () => {
  // Base A;B; the server dropped B, the record added C: A;C was sent.
  const then = { here: 'A;B;C', base: 'A;B' };

  it('unchanged since: the set sent (the server’s removal kept)', () => {
    expect(sorted(rebasedSet('A;C', 'A;B;C', then, 'A;B'))).toEqual(['A', 'C']);
  });

  it('the record removed its own addition since: that removal kept', () => {
    expect(sorted(rebasedSet('A;C', 'A;B', then, 'A;B'))).toEqual(['A']);
  });

  it('the record added a value since: that addition kept', () => {
    expect(sorted(rebasedSet('A;C', 'A;B;C;D', then, 'A;B'))).toEqual(['A', 'C', 'D']);
  });

  it('a sync moved the base since: the record’s value of what moved is kept', () => {
    // A sync down took the server's E into the record and its base; the app then removed E.
    expect(sorted(rebasedSet('A;C', 'A;B;C', then, 'A;B;E'))).toEqual(['A', 'C']);
    expect(sorted(rebasedSet('A;C', 'A;B;C;E', then, 'A;B;E'))).toEqual(['A', 'C', 'E']);
  });

  it('empty is null, as the platform holds an empty multi-select', () => {
    expect(rebasedSet('A', 'B', { here: 'A;B', base: 'A;B' }, 'A;B')).toBeNull();
  });
});

/**
 * Type tests of the output for the recorded describes, run by vitest's
 * typecheck: the 80-type polymorphic `WhatId`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Account,
  Case,
  Contact,
  Event,
  Event$What$Targets,
  Lead,
  Opportunity,
  SObjectRef,
} from './golden/recorded/expected/index.js';

describe('recorded describes', () => {
  it('types WhatId (80 targets) as the generated records or a typed reference', () => {
    expectTypeOf<Event['What']>().toEqualTypeOf<
      | Partial<Account>
      | Partial<Case>
      | Partial<Opportunity>
      | SObjectRef<Event$What$Targets>
      | null
      | undefined
    >();
    expectTypeOf<'Asset'>().toExtend<Event$What$Targets>();
    expectTypeOf<'Account'>().not.toExtend<Event$What$Targets>();
    expectTypeOf<Event['Who']>().toEqualTypeOf<
      Partial<Contact> | Partial<Lead> | null | undefined
    >();
  });
});

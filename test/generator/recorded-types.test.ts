/**
 * Type-level checks on the output for the recorded describes: the 80-type
 * polymorphic `WhatId`, the 423-value time-zone picklist, the person Account.
 * The test that asserts only on types is in recorded-types.test-d.ts.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Account, Event$RecurrenceTimeZoneSidKey } from './golden/recorded/expected/index.js';
import { readExpected } from './golden-helpers.js';

describe('recorded describes', () => {
  it('keeps every value of the 423-value time-zone picklist, closed', async () => {
    expectTypeOf<'Europe/Paris'>().toExtend<Event$RecurrenceTimeZoneSidKey>();
    expectTypeOf<'Mars/Olympus_Mons'>().not.toExtend<Event$RecurrenceTimeZoneSidKey>();
    const source = (await readExpected('recorded')).get('sobjects/Event.ts') ?? '';
    const block = source.slice(source.indexOf('export type Event$RecurrenceTimeZoneSidKey ='));
    const union = block.slice(0, block.indexOf(';'));
    expect(union.match(/\n {2}\| '/g)).toHaveLength(423);
  });

  it('generates all 250 Account fields', async () => {
    const source = (await readExpected('recorded')).get('sobjects/Account.ts') ?? '';
    const record = source.slice(
      source.indexOf('export interface Account {'),
      source.indexOf('export interface AccountCreate'),
    );
    const fields = record.match(/\n {2}[A-Za-z_][\w]*: /g) ?? [];
    // Compound fields are optional in the read shape: sync down selects their components.
    const compounds = record.match(/not fetched by sync down: its components are/g) ?? [];
    expect(compounds.length).toBeGreaterThan(0);
    expect(fields.length + compounds.length).toBe(250);
    expectTypeOf<Account['PersonEmail']>().toEqualTypeOf<string | null>();
  });
});

/**
 * Dependent picklists in the model: `validFor` bitmaps decoded against the
 * controller's values (a picklist's by index, a checkbox's false/true), on
 * synthetic describes since no recorded one has a dependent picklist.
 */
import { buildModel, DescribeError, parseDescribe } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';
import { makeConfig, makeDescribe, makeField, systemFields, thrown } from '../builders.js';

/** base64 of a bitmap with the given bit indexes set (most significant bit first). */
function validFor(...indexes: number[]): string {
  const bytes = Buffer.alloc(3);
  for (const index of indexes) bytes[index >> 3] = (bytes[index >> 3] ?? 0) | (0x80 >> (index % 8));
  return bytes.toString('base64');
}

const value = (name: string, bits: number[] | null, active = true) => ({
  value: name,
  label: name,
  active,
  defaultValue: false,
  validFor: bits === null ? null : validFor(...bits),
});

/** Ten controller values, so that bits cross a byte boundary. */
const COUNTRIES = ['AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IT', 'NL', 'PT'];

function describeWith(fields: Record<string, unknown>[]) {
  return makeDescribe('Shipment__c', [...systemFields(), ...fields]);
}

function rulesOf(fields: Record<string, unknown>[], selected?: string[]) {
  const model = buildModel(
    makeConfig({
      objects: [selected === undefined ? 'Shipment__c' : { name: 'Shipment__c', fields: selected }],
    }),
    [parseDescribe(describeWith(fields))],
  );
  return model.objects[0]?.dependentPicklists ?? [];
}

const country = makeField('Country__c', {
  type: 'picklist',
  restrictedPicklist: true,
  picklistValues: COUNTRIES.map((name, index) => value(name, null, index !== 2)),
});

describe('dependent picklists', () => {
  it('decode validFor against the controller values by index, past the first byte', () => {
    const [rule, ...others] = rulesOf([
      country,
      makeField('Carrier__c', {
        type: 'picklist',
        restrictedPicklist: true,
        dependentPicklist: true,
        controllerName: 'Country__c',
        picklistValues: [
          value('DHL', [0, 3, 9]),
          value('PostNL', [8]),
          value('Swiss Post', [2]),
          value('Royal Mail', [6]),
          value('Retired', [0], false),
        ],
      }),
    ]);
    expect(others).toEqual([]);
    expect(rule).toEqual({
      constName: 'shipment__c$Carrier__c$ByController',
      fieldName: 'Carrier__c',
      valuesTypeName: 'Shipment__c$Carrier__c',
      controllerName: 'Country__c',
      controllerType: 'Shipment__c$Country__c',
      allowed: [
        { controllerValue: 'AT', values: ['DHL'] },
        { controllerValue: 'BE', values: [] },
        // CH (index 2) is inactive: not a key, and Swiss Post is allowed nowhere else.
        { controllerValue: 'DE', values: ['DHL'] },
        { controllerValue: 'ES', values: [] },
        { controllerValue: 'FR', values: [] },
        { controllerValue: 'GB', values: ['Royal Mail'] },
        { controllerValue: 'IT', values: [] },
        { controllerValue: 'NL', values: ['PostNL'] },
        { controllerValue: 'PT', values: ['DHL'] },
      ],
    });
  });

  it('key a checkbox controller by false (bit 0) and true (bit 1)', () => {
    const [rule] = rulesOf([
      makeField('Fragile__c', { type: 'boolean', nillable: false }),
      makeField('Packing__c', {
        type: 'picklist',
        dependentPicklist: true,
        controllerName: 'Fragile__c',
        picklistValues: [value('Box', [0]), value('Crate', [1]), value('Foam', [0, 1])],
      }),
    ]);
    expect(rule?.controllerType).toBe('boolean');
    expect(rule?.allowed).toEqual([
      { controllerValue: 'false', values: ['Box', 'Foam'] },
      { controllerValue: 'true', values: ['Crate', 'Foam'] },
    ]);
  });

  it('type the controller inline when it is not among the chosen fields', () => {
    const [rule] = rulesOf(
      [
        country,
        makeField('Carrier__c', {
          type: 'picklist',
          dependentPicklist: true,
          controllerName: 'Country__c',
          picklistValues: [value('DHL', [0])],
        }),
      ],
      ['Carrier__c'],
    );
    expect(rule?.controllerType).toBe(
      "'AT' | 'BE' | 'DE' | 'ES' | 'FR' | 'GB' | 'IT' | 'NL' | 'PT'",
    );
  });

  it('give no rule for a field that is not dependent, or whose controller is of another type', () => {
    expect(
      rulesOf([
        country,
        makeField('Plain__c', { type: 'picklist', picklistValues: [value('A', [0])] }),
        makeField('Weight__c', { type: 'double' }),
        makeField('ByWeight__c', {
          type: 'picklist',
          dependentPicklist: true,
          controllerName: 'Weight__c',
          picklistValues: [value('Heavy', [0])],
        }),
      ]),
    ).toEqual([]);
  });

  it('refuse a validFor that is not base64, naming the field and the value', () => {
    const error = thrown(() =>
      parseDescribe(
        describeWith([
          country,
          makeField('Carrier__c', {
            type: 'picklist',
            dependentPicklist: true,
            controllerName: 'Country__c',
            picklistValues: [{ value: 'DHL', label: 'DHL', validFor: 'not base64!' }],
          }),
        ]),
      ),
    );
    expect(error).toBeInstanceOf(DescribeError);
    expect((error as DescribeError).code).toBe('DESCRIBE_INVALID');
    expect((error as Error).message).toContain('Carrier__c.picklistValues[0]');
    expect((error as Error).message).toContain('"validFor" "not base64!" is not base64');
  });
});

/**
 * Builders of small describes and configs for the generator's unit tests.
 */
import type { GeneratorConfig, RawDescribe, SoupkitConfig } from 'soupkit/generator';
import { resolveConfig } from 'soupkit/generator';

/** A describe field with REST defaults; override what the test is about. */
export function makeField(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    label: name,
    type: 'string',
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    calculated: false,
    restrictedPicklist: false,
    picklistValues: [],
    referenceTo: [],
    relationshipName: null,
    polymorphicForeignKey: false,
    externalId: false,
    idLookup: false,
    nameField: false,
    unique: false,
    autoNumber: false,
    inlineHelpText: null,
    compoundFieldName: null,
    extraTypeInfo: null,
    length: 255,
    precision: 0,
    scale: 0,
    ...overrides,
  };
}

/** The fields every sObject has, as a describe lists them. */
export function systemFields(): Record<string, unknown>[] {
  return [
    makeField('Id', {
      type: 'id',
      label: 'Record ID',
      nillable: false,
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
      length: 18,
    }),
    makeField('LastModifiedDate', {
      type: 'datetime',
      nillable: false,
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
    }),
  ];
}

/** A raw describe as a source returns it. */
export function makeDescribe(
  name: string,
  fields: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): RawDescribe {
  return {
    origin: `memory:${name}`,
    name,
    json: {
      name,
      label: name,
      labelPlural: `${name}s`,
      custom: name.endsWith('__c'),
      createable: true,
      updateable: true,
      queryable: true,
      fields,
      ...extra,
    },
  };
}

/** A resolved config from a config value, paths left as they are. */
export function makeConfig(value: SoupkitConfig = {}): GeneratorConfig {
  return resolveConfig(value, { file: 'soupkit.config.json', resolvePath: (p) => `/project/${p}` });
}

/** Calls `fn` and returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

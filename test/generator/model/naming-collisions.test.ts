/**
 * Names that cannot meet: synthetic describes built to collide under the old
 * `<Object>_<Field>` scheme generate and compile side by side, and an object
 * named like a type the generated code uses is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { parseDescribe } from '../../../generator/describe/describe.js';
import { renderModel } from '../../../generator/emit/render-project.js';
import { GeneratorError } from '../../../generator/errors.js';
import { buildModel } from '../../../generator/model/build-model.js';
import { makeConfig, makeDescribe, makeField, systemFields, thrown } from '../builders.js';
import { compileInMemory } from '../compile-virtual.js';

const picklist = (values: string[]) => ({
  type: 'picklist',
  picklistValues: values.map((value) => ({
    value,
    label: value,
    active: true,
    defaultValue: false,
  })),
});

describe('generated names', () => {
  it('a picklist Account.Type__c and an object Account_Type__c live side by side, and compile', () => {
    const describes = [
      makeDescribe('Account', [...systemFields(), makeField('Type__c', picklist(['A', 'B']))]),
      makeDescribe('Account_Type__c', [...systemFields(), makeField('Kind__c', picklist(['X']))]),
      makeDescribe('Account_Type__c_Kind__c', [...systemFields()]),
    ].map(parseDescribe);
    const model = buildModel(makeConfig({ objects: ['*'] }), describes);
    const names = model.objects.flatMap((o) => [
      o.recordTypeName,
      ...o.picklists.map((p) => p.typeName),
    ]);
    expect(names.sort()).toEqual([
      'Account',
      'Account$Type__c',
      'Account_Type__c',
      'Account_Type__c$Kind__c',
      'Account_Type__c_Kind__c',
    ]);
    const files = renderModel(model);
    expect(compileInMemory(files)).toEqual([]);
  });

  it('refuses an object named like a type the generated code uses', () => {
    const error = thrown(() =>
      buildModel(makeConfig({ objects: ['SObjectRef'] }), [
        parseDescribe(makeDescribe('SObjectRef', systemFields())),
      ]),
    );
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error).toMatchObject({ code: 'GENERATE_NAME_COLLISION' });
    expect((error as Error).message).toBe(
      'SObjectRef would produce the type "SObjectRef", a name the generated code uses for its own types; leave the object out of the config',
    );
  });
});

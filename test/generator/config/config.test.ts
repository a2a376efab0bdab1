import { ConfigError, DEFAULT_EXCLUDED_OBJECTS, resolveConfig } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';
import { makeConfig, thrown } from '../builders.js';

describe(resolveConfig.name, () => {
  it('applies the defaults to an empty config', () => {
    const config = makeConfig({});
    expect(config.describes).toBe('/project/describes');
    expect(config.outDir).toBe('/project/src/generated');
    expect(config.objects).toEqual([{ name: '*', isGlob: true }]);
    expect(config.excludeObjects).toEqual(DEFAULT_EXCLUDED_OBJECTS);
    expect(config.defaults.fields).toBe('all');
    expect(config.apiVersion).toBeUndefined();
    expect(config.org).toBeUndefined();
  });

  it('normalises object entries and keeps their settings', () => {
    const config = makeConfig({
      objects: [
        'Account',
        '*__c',
        {
          name: 'Contact',
          soupName: 'contacts',
          fields: ['FirstName', 'Last*', '!LastViewedDate'],
          indexes: [{ path: 'LastName', type: 'full_text' }],
          syncDown: { where: 'IsDeleted = false', limit: 100, mergeMode: 'OVERWRITE' },
          syncUp: false,
        },
      ],
      org: { alias: 'dev', concurrency: 4 },
      describeCache: '.cache',
    });
    expect(config.objects[0]).toEqual({ name: 'Account', isGlob: false });
    expect(config.objects[1]).toEqual({ name: '*__c', isGlob: true });
    expect(config.objects[2]).toMatchObject({
      name: 'Contact',
      soupName: 'contacts',
      syncUp: false,
      syncDown: { where: 'IsDeleted = false', limit: 100, mergeMode: 'OVERWRITE' },
    });
    expect(config.org).toEqual({ alias: 'dev', concurrency: 4 });
    expect(config.describeCache).toBe('/project/.cache');
  });

  it.each([
    [{ outdir: 'x' }, 'CONFIG_UNKNOWN_KEY', 'outdir', /did you mean "outDir"/],
    [{ objects: 'Account' }, 'CONFIG_INVALID', 'objects', /must be an array/],
    [
      { objects: [{ name: 'Account', fileds: 'all' }] },
      'CONFIG_UNKNOWN_KEY',
      'objects[0].fileds',
      /did you mean "fields"/,
    ],
    [
      { objects: [{ name: 'Account', fields: 'some' }] },
      'CONFIG_INVALID',
      'objects[0].fields',
      /"all" or an array/,
    ],
    [
      { objects: [{ name: 'Account', indexes: [{ path: 'Name', type: 'text' }] }] },
      'CONFIG_INVALID',
      'objects[0].indexes[0].type',
      /one of string, integer/,
    ],
    [
      { objects: [{ name: 'Account', syncUp: { mergeMode: 'MERGE' } }] },
      'CONFIG_INVALID',
      'objects[0].syncUp.mergeMode',
      /OVERWRITE, LEAVE_IF_CHANGED/,
    ],
    [
      { objects: [{ name: 'Account', syncDown: { maxBatchSize: 50 } }] },
      'CONFIG_INVALID',
      'objects[0].syncDown.maxBatchSize',
      /200 to 2000/,
    ],
    [
      { objects: [{ name: '*__c', soupName: 'custom' }] },
      'CONFIG_INVALID',
      'objects[0].soupName',
      /glob/,
    ],
    [
      { objects: ['Account', 'Account'] },
      'CONFIG_DUPLICATE',
      'objects[1]',
      /already listed at objects\[0\]/,
    ],
    [{ objects: ['Account Name'] }, 'CONFIG_INVALID', 'objects[0]', /not an API name or glob/],
    [{ apiVersion: '62' }, 'CONFIG_INVALID', 'apiVersion', /"62.0"/],
    [{ org: { alias: 'dev', token: 'x' } }, 'CONFIG_UNKNOWN_KEY', 'org.token', /unknown key/],
    [{ defaults: { soupName: 'x' } }, 'CONFIG_UNKNOWN_KEY', 'defaults.soupName', /unknown key/],
    [[], 'CONFIG_INVALID', '', /must be an object/],
  ])('rejects %j with %s at "%s"', (value, code, key, message) => {
    const error = thrown(() => makeConfig(value as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code, key, file: 'soupkit.config.json' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^soupkit\.config\.json: /);
  });
});

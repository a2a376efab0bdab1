/**
 * One module per object with syncs: typed constants in the exact shape of a
 * `usersyncs.json` entry, and the entries themselves for the JSON file.
 */

import { assertNever } from '../../runtime/errors.js';
import type { SyncConfigEntry } from '../../runtime/sync/sync-config.js';
import type { SObjectModel, SyncModel } from '../model/model.js';
import { doc, outputPaths } from '../model/naming.js';
import type { ModuleNode } from './ts-nodes.js';
import { type LiteralValue, tsLiteral } from './ts-values.js';

/**
 * The `usersyncs.json` entry of a sync, in the Mobile SDK's key order.
 *
 * @example
 * syncConfigEntry(sync); // { syncName: 'syncDownAccount', syncType: 'syncDown', soupName: 'Account', target: {...}, options: {...} }
 */
export function syncConfigEntry(sync: SyncModel): SyncConfigEntry {
  switch (sync.kind) {
    case 'syncDown':
      return {
        syncName: sync.syncName,
        syncType: 'syncDown',
        soupName: sync.soupName,
        target: {
          type: 'soql',
          query: sync.query,
          ...(sync.maxBatchSize === undefined ? {} : { maxBatchSize: sync.maxBatchSize }),
        },
        options: { mergeMode: sync.mergeMode },
      };
    case 'syncUp':
      return {
        syncName: sync.syncName,
        syncType: 'syncUp',
        soupName: sync.soupName,
        target: {
          createFieldlist: sync.createFieldlist,
          updateFieldlist: sync.updateFieldlist,
          ...(sync.externalIdFieldName === undefined
            ? {}
            : { externalIdFieldName: sync.externalIdFieldName }),
          ...(sync.maxBatchSize === undefined ? {} : { maxBatchSize: sync.maxBatchSize }),
        },
        options: { mergeMode: sync.mergeMode },
      };
    default:
      return assertNever(sync, 'sync kind');
  }
}

/**
 * The syncs module of one sObject, or undefined when it has no sync.
 *
 * @example
 * emitSyncsModule(model.objects[0])?.path; // 'syncs/Account.ts'
 */
export function emitSyncsModule(object: SObjectModel): ModuleNode | undefined {
  if (object.syncs.length === 0) return undefined;
  return {
    path: outputPaths.syncs(object.name),
    statements: [
      {
        kind: 'import',
        moduleSpecifier: 'soupkit/sync',
        names: ['SyncConfigEntry'],
        typeOnly: true,
      },
      ...object.syncs.map((sync) => ({
        kind: 'const' as const,
        name: sync.constName,
        docs:
          sync.kind === 'syncDown'
            ? doc`Sync down \`${object.name}\` records into soup \`${sync.soupName}\` (SOQL target).`
            : doc`Sync up the local changes of soup \`${sync.soupName}\` to \`${object.name}\` (sObject Collections target).`,
        initializer: `${tsLiteral(syncConfigEntry(sync) as unknown as LiteralValue)} as const satisfies SyncConfigEntry`,
      })),
    ],
  };
}

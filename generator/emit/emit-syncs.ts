/**
 * One module per object with syncs: typed constants in the exact shape of a
 * `usersyncs.json` entry, and the entries themselves for the JSON file.
 */

import { assertNever } from '../../runtime/errors.js';
import { SYNC_UP_IMPLEMENTATIONS } from '../../runtime/sync/contracts/constants.js';
import type {
  ParentChildrenSyncUpTarget,
  SyncConfigEntry,
} from '../../runtime/sync/contracts/sync-config.js';
import type { SObjectModel, SyncFunctionModel, SyncModel } from '../model/model.js';
import { type DocText, doc, outputPaths } from '../model/naming.js';
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
    case 'familySyncDown':
      return {
        syncName: sync.syncName,
        syncType: 'syncDown',
        soupName: sync.soupName,
        target: {
          type: 'parent_children',
          parent: { sobjectType: sync.parentType, soupName: sync.soupName },
          parentFieldlist: sync.parentFieldlist,
          parentSoqlFilter: sync.parentSoqlFilter,
          children: sync.children,
          childrenFieldlist: sync.childrenFieldlist,
          relationshipType: sync.relationshipType,
        },
        options: { mergeMode: sync.mergeMode },
      };
    case 'familySyncUp':
      return {
        syncName: sync.syncName,
        syncType: 'syncUp',
        soupName: sync.soupName,
        target: {
          androidImpl: SYNC_UP_IMPLEMENTATIONS.parent_children.androidImpl,
          parent: { sobjectType: sync.parentType, soupName: sync.soupName },
          children: sync.children,
          createFieldlist: sync.createFieldlist,
          updateFieldlist: sync.updateFieldlist,
          childrenCreateFieldlist: sync.childrenCreateFieldlist,
          childrenUpdateFieldlist: sync.childrenUpdateFieldlist,
          relationshipType: sync.relationshipType,
        } satisfies ParentChildrenSyncUpTarget,
        options: { mergeMode: sync.mergeMode },
      };
    default:
      return assertNever(sync, 'sync kind');
  }
}

function syncDocs(object: SObjectModel, sync: SyncModel): DocText {
  switch (sync.kind) {
    case 'syncDown':
      return doc`Sync down \`${object.name}\` records into soup \`${sync.soupName}\` (SOQL target).`;
    case 'syncUp':
      return doc`Sync up the local changes of soup \`${sync.soupName}\` to \`${object.name}\` (sObject Collections target).`;
    case 'familySyncDown':
      return doc`Sync down \`${object.name}\` records with their \`${sync.children.sobjectTypePlural}\` into soups \`${sync.soupName}\` and \`${sync.children.soupName}\` (parent_children target, ${sync.relationshipType}).`;
    case 'familySyncUp':
      return doc`Sync up \`${object.name}\` records with their \`${sync.children.sobjectTypePlural}\`, a family per call (parent-children target, ${sync.relationshipType}).`;
    default:
      return assertNever(sync, 'sync kind');
  }
}

function functionDocs(fn: SyncFunctionModel): DocText {
  return fn.kind === 'run'
    ? doc`Runs sync \`${fn.syncName}\`: created from \`${fn.constName}\` the first time, re-synced after.\n\n@example\nconst state = await ${fn.name}(manager, { onUpdate: (s) => console.log(s.progress) });`
    : doc`Re-syncs \`${fn.syncName}\` (it must have run once): a sync down fetches what changed since.\n\n@example\nconst state = await ${fn.name}(manager);`;
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
        names: [
          'type ConfiguredSyncOptions',
          'runConfiguredSync',
          'type SyncConfigEntry',
          'type SyncManager',
          'type SyncState',
        ],
        typeOnly: false,
      },
      ...object.syncs.map((sync) => ({
        kind: 'const' as const,
        name: sync.constName,
        docs: syncDocs(object, sync),
        initializer: `${tsLiteral(syncConfigEntry(sync) as unknown as LiteralValue)} as const satisfies SyncConfigEntry`,
      })),
      ...object.syncFunctions.map((fn) => ({
        kind: 'function' as const,
        name: fn.name,
        docs: functionDocs(fn),
        parameters: [
          { name: 'manager', type: 'SyncManager' },
          { name: 'options', type: 'ConfiguredSyncOptions', initializer: '{}' },
        ],
        returnType: 'Promise<SyncState>',
        body:
          fn.kind === 'run'
            ? `return runConfiguredSync(manager, ${fn.constName}, options);`
            : `return manager.reSync(${fn.constName}.syncName, options);`,
      })),
    ],
  };
}

/**
 * An object's syncs: its own sync down (SOQL) and sync up, the family syncs of
 * its `children` entries, the typed functions running them, and the check
 * that a synced soup indexes what sync queries.
 */
import { assertNever } from '../../runtime/errors.js';
import type { IndexType } from '../../runtime/store/specs.js';
import { LOCAL, SYNC_ID } from '../../runtime/sync/contracts/constants.js';
import type { ChildRelationshipDescribe, SObjectDescribe } from '../describe/describe.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { FieldModel, SObjectModel, SyncFunctionModel, SyncModel } from './model.js';
import {
  familySyncConstName,
  familySyncName,
  syncConstName,
  syncFunctionName,
  syncName,
} from './naming.js';
import type { ObjectPlan } from './select-objects.js';

/** A parent and child relationship synced as families (an object's `children` entry). */
export interface FamilyLink {
  readonly parent: string;
  readonly relationship: ChildRelationshipDescribe;
  readonly key: string;
}

/** The `children` entries of the plans, resolved against the parents' describes. */
export function familyLinks(
  plans: readonly ObjectPlan[],
  describes: ReadonlyMap<string, Pick<SObjectDescribe, 'origin' | 'childRelationships'>>,
  generated: ReadonlySet<string>,
): FamilyLink[] {
  return plans.flatMap((plan) =>
    plan.children.map(({ relationship, key }) => {
      const describe = describes.get(plan.name) as Pick<
        SObjectDescribe,
        'origin' | 'childRelationships'
      >;
      const found = describe.childRelationships.find((r) => r.relationshipName === relationship);
      if (found === undefined) {
        const hint = didYouMean(
          relationship,
          describe.childRelationships.map((r) => r.relationshipName),
        );
        throw new ConfigError(
          'CONFIG_UNKNOWN_RELATIONSHIP',
          `"${key}": ${plan.name} has no child relationship "${relationship}"${hint} (in ${describe.origin})`,
          { key },
        );
      }
      if (!generated.has(found.childSObject)) {
        throw new ConfigError(
          'CONFIG_UNKNOWN_RELATIONSHIP',
          `"${key}": ${relationship} are ${found.childSObject} records, which the config does not generate (add "${found.childSObject}" to objects)`,
          { key },
        );
      }
      return { parent: plan.name, relationship: found, key };
    }),
  );
}

/** The object with its family syncs and the typed functions of all its syncs. */
export function withFamilies(
  object: SObjectModel,
  objects: readonly SObjectModel[],
  links: readonly FamilyLink[],
): SObjectModel {
  const own = object.syncs;
  const ownDown = own.find((s) => s.kind === 'syncDown');
  const ownUp = own.find((s) => s.kind === 'syncUp');
  const families: SyncModel[] = [];
  for (const link of links.filter((l) => l.parent === object.name)) {
    const child = objects.find((o) => o.name === link.relationship.childSObject) as SObjectModel;
    const relationshipName = link.relationship.relationshipName;
    const children = {
      sobjectType: child.name,
      sobjectTypePlural: relationshipName,
      soupName: child.soup.soupName,
      parentIdFieldName: link.relationship.field,
    };
    const relationshipType = link.relationship.cascadeDelete ? 'MASTER_DETAIL' : 'LOOKUP';
    const childDown = child.syncs.find((s) => s.kind === 'syncDown');
    const childUp = child.syncs.find((s) => s.kind === 'syncUp');
    if (ownDown?.kind === 'syncDown' && childDown?.kind === 'syncDown') {
      families.push({
        kind: 'familySyncDown',
        syncName: familySyncName('syncDown', object.soup.soupName, relationshipName),
        constName: familySyncConstName(object.name, relationshipName, 'syncDown'),
        soupName: object.soup.soupName,
        parentType: object.name,
        parentFieldlist: object.fields.filter((f) => f.selectable).map((f) => f.name),
        parentSoqlFilter: ownDown.where ?? '',
        children,
        childrenFieldlist: child.fields.filter((f) => f.selectable).map((f) => f.name),
        relationshipType,
        mergeMode: ownDown.mergeMode,
      });
    }
    if (ownUp?.kind === 'syncUp' && childUp?.kind === 'syncUp') {
      families.push({
        kind: 'familySyncUp',
        syncName: familySyncName('syncUp', object.soup.soupName, relationshipName),
        constName: familySyncConstName(object.name, relationshipName, 'syncUp'),
        soupName: object.soup.soupName,
        parentType: object.name,
        children,
        createFieldlist: ownUp.createFieldlist,
        updateFieldlist: ownUp.updateFieldlist,
        childrenCreateFieldlist: childUp.createFieldlist,
        childrenUpdateFieldlist: childUp.updateFieldlist,
        relationshipType,
        mergeMode: ownUp.mergeMode,
      });
    }
  }
  const syncs = [...own, ...families];
  return { ...object, syncs, syncFunctions: syncFunctionsOf(object.name, syncs) };
}

function syncFunctionsOf(objectName: string, syncs: readonly SyncModel[]): SyncFunctionModel[] {
  return syncs.flatMap((sync): SyncFunctionModel[] => {
    const base = { syncName: sync.syncName, constName: sync.constName };
    switch (sync.kind) {
      case 'syncDown':
        return [
          { ...base, kind: 'run', name: syncFunctionName('syncDown', objectName) },
          { ...base, kind: 'reSync', name: syncFunctionName('reSync', objectName) },
        ];
      case 'syncUp':
        return [{ ...base, kind: 'run', name: syncFunctionName('syncUp', objectName) }];
      case 'familySyncDown':
        return [
          {
            ...base,
            kind: 'run',
            name: syncFunctionName('syncDown', objectName, sync.children.sobjectTypePlural),
          },
        ];
      case 'familySyncUp':
        return [
          {
            ...base,
            kind: 'run',
            name: syncFunctionName('syncUp', objectName, sync.children.sobjectTypePlural),
          },
        ];
      default:
        return assertNever(sync, 'sync kind');
    }
  });
}

/** By child object: the parent-id index each family sync of a parent needs, in object order. */
export function familyChildLinks(
  objects: readonly SObjectModel[],
): Map<string, [string, undefined, string][]> {
  const byChild = new Map<string, [string, undefined, string][]>();
  for (const parent of objects) {
    for (const sync of parent.syncs) {
      if (sync.kind !== 'familySyncDown' && sync.kind !== 'familySyncUp') continue;
      const links = byChild.get(sync.children.sobjectType) ?? [];
      links.push([sync.children.parentIdFieldName, undefined, `the parent id of ${sync.syncName}`]);
      byChild.set(sync.children.sobjectType, links);
    }
  }
  return byChild;
}

/**
 * A synced soup must index what sync queries: its id, `__local__` (string),
 * `__sync_id__` (integer), the modification date, and in a children soup the
 * parent-id field. A config that changes one of them fails here, naming it.
 */
export function checkSyncIndexes(
  object: SObjectModel,
  plan: ObjectPlan,
  childLinks: readonly [string, undefined, string][],
): void {
  if (object.syncs.length === 0) return;
  const required: [string, IndexType | undefined, string][] = [
    ['Id', 'string', 'the record id'],
    [LOCAL, 'string', 'the dirty flag sync queries'],
    [SYNC_ID, 'integer', 'the sync id ghost cleaning filters on'],
    ['LastModifiedDate', undefined, 'the modification date'],
  ];
  required.push(...childLinks);
  for (const [path, type, what] of required) {
    const spec = object.soup.indexSpecs.find((s) => s.path === path);
    if (spec !== undefined && (type === undefined || spec.type === type)) continue;
    const configured = plan.indexes.find((i) => i.path === path);
    const key = configured?.key ?? `objects (${object.name})`;
    throw new ConfigError(
      'CONFIG_SYNC_INDEX_MISSING',
      spec === undefined
        ? `"${key}": soup ${object.soup.soupName} is synced but has no index on ${path} (${what})`
        : `"${key}": soup ${object.soup.soupName} is synced, so ${path} (${what}) must be indexed as ${type}, not ${spec.type}`,
      { key },
    );
  }
}

export function buildSyncs(
  plan: ObjectPlan,
  describe: SObjectDescribe,
  fields: readonly FieldModel[],
): SyncModel[] {
  const syncs: SyncModel[] = [];
  const soupName = plan.soupName;
  // Mobile Sync tracks changes by LastModifiedDate: without it neither sync works.
  if (!describe.fields.some((f) => f.name === 'LastModifiedDate')) return syncs;
  if (plan.syncDown !== false && describe.queryable) {
    const down = plan.syncDown;
    const selected = fields.filter((f) => f.selectable).map((f) => f.name);
    let query = `SELECT ${selected.join(', ')} FROM ${describe.name}`;
    if (down.where !== undefined) query += ` WHERE ${down.where}`;
    if (down.orderBy !== undefined) query += ` ORDER BY ${down.orderBy}`;
    if (down.limit !== undefined) query += ` LIMIT ${down.limit}`;
    syncs.push({
      kind: 'syncDown',
      syncName: syncName('syncDown', soupName),
      constName: syncConstName(describe.name, 'syncDown'),
      soupName,
      query,
      where: down.where,
      mergeMode: down.mergeMode ?? 'LEAVE_IF_CHANGED',
      maxBatchSize: down.maxBatchSize,
    });
  }
  if (plan.syncUp !== false) {
    const up = plan.syncUp;
    const createFieldlist = describe.createable
      ? fields.filter((f) => f.createable && f.name !== 'Id').map((f) => f.name)
      : [];
    const updateFieldlist = describe.updateable
      ? fields.filter((f) => f.updateable && f.name !== 'Id').map((f) => f.name)
      : [];
    if (up.externalIdField !== undefined) {
      const field = fields.find((f) => f.name === up.externalIdField);
      if (field === undefined) {
        throw new ConfigError(
          'CONFIG_UNKNOWN_FIELD',
          `"${plan.syncUpKey}.externalIdField": "${up.externalIdField}" is not a chosen field of ${describe.name}${didYouMean(
            up.externalIdField,
            fields.map((f) => f.name),
          )}`,
          { key: `${plan.syncUpKey}.externalIdField` },
        );
      }
    }
    if (createFieldlist.length > 0 || updateFieldlist.length > 0) {
      syncs.push({
        kind: 'syncUp',
        syncName: syncName('syncUp', soupName),
        constName: syncConstName(describe.name, 'syncUp'),
        soupName,
        createFieldlist,
        updateFieldlist,
        externalIdFieldName: up.externalIdField,
        mergeMode: up.mergeMode ?? 'LEAVE_IF_CHANGED',
        maxBatchSize: up.maxBatchSize,
      });
    }
  }
  return syncs;
}

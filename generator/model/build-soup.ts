/**
 * One object's soup: its name and index specs (the id, the name and external
 * id fields, the modification date, a family's parent-id field, the config's
 * own specs, then Mobile Sync's flags).
 */
import { ENTRY_META_FIELDS } from '../../runtime/smartsql/soup-layout.js';
import type { IndexSpec, IndexType } from '../../runtime/store/specs.js';
import { LOCAL, SYNC_ID, SYNC_PATHS } from '../../runtime/sync/contracts/constants.js';
import type { SObjectDescribe } from '../describe/describe.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { fieldTypeMapping } from './field-type-map.js';
import type { FieldModel, SoupModel } from './model.js';
import {
  bindSoupFunctionName,
  compareText,
  soupConstName,
  soupRecordTypeName,
  typedSoupTypeName,
} from './naming.js';
import type { ObjectPlan } from './select-objects.js';

/** Paths a config may index that are no field: Mobile Sync's flags and the entry's metadata. */
const META_PATHS = new Set<string>([...SYNC_PATHS, ...ENTRY_META_FIELDS]);

function indexTypeOf(field: FieldModel): IndexType {
  return fieldTypeMapping(field.salesforceType)?.indexType ?? 'json1';
}

export function buildSoup(
  plan: ObjectPlan,
  describe: SObjectDescribe,
  fields: readonly FieldModel[],
  parentIdFields: ReadonlySet<string>,
): SoupModel {
  const specs = new Map<string, IndexType>();
  const add = (path: string, type: IndexType) => {
    if (!specs.has(path)) specs.set(path, type);
  };
  const byName = new Map(fields.map((f) => [f.name, f]));
  const relationshipNames = new Set(
    fields.flatMap((f) => (f.reference?.relationshipName ? [f.reference.relationshipName] : [])),
  );
  if (byName.has('Id')) add('Id', 'string');
  for (const field of fields) if (field.nameField) add(field.name, indexTypeOf(field));
  for (const field of fields) if (field.externalId) add(field.name, indexTypeOf(field));
  if (byName.has('LastModifiedDate')) add('LastModifiedDate', 'string');
  // A children soup of a family sync is joined on its parent-id field.
  for (const field of [...parentIdFields].sort(compareText)) {
    if (!byName.has(field)) {
      throw new ConfigError(
        'CONFIG_SYNC_INDEX_MISSING',
        `"${plan.fieldsKey}": ${field} links ${describe.name} to its parent in a family sync, so it must be a chosen field`,
        { key: plan.fieldsKey },
      );
    }
    add(field, 'string');
  }
  const configured = new Set<string>();
  for (const spec of plan.indexes) {
    const head = spec.path.split('.')[0] ?? '';
    if (!byName.has(head) && !relationshipNames.has(head) && !META_PATHS.has(spec.path)) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_INDEX_PATH',
        `"${spec.key}.path": "${spec.path}" is not a chosen field of ${describe.name}${didYouMean(
          head,
          [...byName.keys()],
        )}`,
        { key: `${spec.key}.path` },
      );
    }
    if (configured.has(spec.path)) {
      throw new ConfigError('CONFIG_DUPLICATE', `"${spec.key}": "${spec.path}" is indexed twice`, {
        key: spec.key,
      });
    }
    configured.add(spec.path);
    specs.set(spec.path, spec.type);
  }
  add(LOCAL, 'string');
  add(SYNC_ID, 'integer');
  const indexSpecs: IndexSpec[] = [...specs].map(([path, type]) => ({ path, type }));
  return {
    soupName: plan.soupName,
    constName: soupConstName(describe.name),
    bindFunctionName: bindSoupFunctionName(describe.name),
    recordTypeName: soupRecordTypeName(describe.name),
    typedSoupTypeName: typedSoupTypeName(describe.name),
    indexSpecs,
  };
}

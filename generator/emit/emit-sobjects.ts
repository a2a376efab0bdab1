/**
 * One module per sObject: the picklist unions, the record as read, the fields
 * to create and the fields to update.
 */
import { assertNever } from '../../runtime/errors.js';
import type {
  DependentPicklistModel,
  FieldModel,
  PicklistModel,
  SharedTypeName,
  SObjectModel,
} from '../model/model.js';
import {
  compareText,
  type DocText,
  doc,
  docText,
  importSpecifier,
  outputPaths,
  propertyKey,
  referenceTargetsTypeName,
  stringLiteral,
} from '../model/naming.js';
import type { MemberNode, ModuleNode, StatementNode } from './ts-nodes.js';
import { LINE_WIDTH, tsLiteral } from './ts-values.js';

/**
 * The module of one sObject.
 *
 * @example
 * emitSObjectModule(model.objects[0]).path; // 'sobjects/Account.ts'
 */
export function emitSObjectModule(object: SObjectModel): ModuleNode {
  const shared = new Set<string>(['SObjectAttributes']);
  const related = new Map<string, string>();
  const recordMembers: MemberNode[] = [
    {
      key: 'attributes',
      type: `SObjectAttributes<${stringLiteral(object.name)}>`,
      optional: true,
      docs: doc`The record type and URL, as the REST API returns them (sync up needs the type).`,
    },
  ];
  const fieldNames = new Set(object.fields.map((f) => f.name));
  for (const field of object.fields) {
    collectShared(field, shared);
    recordMembers.push({
      key: propertyKey(field.name),
      type: valueType(field, field.nillable),
      optional: !field.selectable,
      docs: fieldDocs(field),
    });
  }
  const targetAliases: StatementNode[] = [];
  const relationships = object.fields
    .filter(
      (f) => f.reference?.relationshipName != null && !fieldNames.has(f.reference.relationshipName),
    )
    .sort((a, b) =>
      compareText(a.reference?.relationshipName ?? '', b.reference?.relationshipName ?? ''),
    );
  for (const field of relationships) {
    const reference = field.reference;
    if (reference === undefined || reference.relationshipName === null) continue;
    const parts: string[] = [];
    const others: string[] = [];
    for (const target of reference.targets) {
      if (target.generated) {
        parts.push(`Partial<${target.typeName}>`);
        if (target.objectName !== object.name) related.set(target.typeName, target.filePath);
      } else {
        others.push(stringLiteral(target.objectName));
      }
    }
    const key = propertyKey(reference.relationshipName);
    if (others.length > 0) {
      shared.add('SObjectRef');
      const inline = `SObjectRef<${others.join(' | ')}>`;
      if (`  ${key}?: ${[...parts, inline].join(' | ')} | null;`.length <= LINE_WIDTH) {
        parts.push(inline);
      } else {
        const aliasName = referenceTargetsTypeName(object.name, reference.relationshipName);
        targetAliases.push({
          kind: 'typeAlias',
          name: aliasName,
          docs: doc`The types \`${object.name}.${field.name}\` may point to that are not generated here.`,
          type: unionType(`export type ${aliasName} = `, others, false),
        });
        parts.push(`SObjectRef<${aliasName}>`);
      }
    }
    const targets =
      reference.targets.length <= 5
        ? reference.targets.map((t) => t.objectName).join(', ')
        : `${reference.targets.length} types`;
    recordMembers.push({
      key,
      type: `${parts.join(' | ')} | null`,
      optional: true,
      docs: doc`The ${reference.polymorphic ? 'record (one of several types)' : 'record'} \`${field.name}\` points to, when the query selected it (${targets}).`,
    });
  }

  for (const child of object.childRelationships) {
    shared.add('SubQueryResult');
    if (child.childObject !== object.name) related.set(child.childTypeName, child.childFile);
    recordMembers.push({
      key: propertyKey(child.relationshipName),
      type: `SubQueryResult<${child.childTypeName}> | null`,
      optional: true,
      docs: doc`The \`${child.childObject}\` records whose \`${child.field}\` is this record, when the query selected them (a child sub-query; \`null\` when there are none).`,
    });
  }

  const statements: StatementNode[] = [];
  for (const picklist of object.picklists) {
    if (picklist.open) shared.add('OpenPicklist');
    statements.push(picklistAlias(object, picklist));
  }
  statements.push(...targetAliases);
  const label = docText(object.label);
  statements.push({
    kind: 'interface',
    name: object.recordTypeName,
    docs: doc`${label} (\`${object.name}\`): a record as read from Salesforce or from its soup.\nEvery chosen field is present; nillable fields may be \`null\`.`,
    members: recordMembers,
  });

  const createMembers = object.fields
    .filter((f) => f.createable)
    .map((f) => ({
      key: propertyKey(f.name),
      type: valueType(f, f.nillable),
      optional: !f.requiredOnCreate,
      docs: docText(f.label),
    }));
  statements.push(
    shape(
      object.createTypeName,
      doc`The fields to create ${articled(label)} (\`${object.name}\`): required when createable, not nillable and not defaulted on create.`,
      createMembers,
    ),
  );
  const updateMembers: MemberNode[] = object.fields
    .filter((f) => f.updateable || f.name === 'Id')
    .map((f) => ({
      key: propertyKey(f.name),
      type: f.name === 'Id' ? 'string' : valueType(f, f.nillable),
      optional: f.name !== 'Id',
      docs: docText(f.name === 'Id' ? 'The id of the record to update.' : f.label),
    }));
  statements.push(
    shape(
      object.updateTypeName,
      doc`The fields to update ${articled(label)} (\`${object.name}\`): the id and any updateable field.`,
      updateMembers,
    ),
  );

  const recordTypes = object.recordTypes;
  if (recordTypes !== undefined) {
    const twice = [
      ...new Set(
        recordTypes.all
          .filter((type, index) =>
            recordTypes.all.some(
              (other, i) => i < index && other.developerName === type.developerName,
            ),
          )
          .map((type) => `${type.developerName} (also ${type.id})`),
      ),
    ];
    const note =
      twice.length === 0
        ? ''
        : ` A developer name given twice keeps its first id: ${twice.join(', ')}.`;
    statements.push(
      {
        kind: 'const',
        name: recordTypes.constName,
        docs: docText(
          `The record types of \`${object.name}\`, developer name → record type id (\`RecordTypeId\`).${note}`,
        ),
        initializer: `${tsLiteral(Object.fromEntries(recordTypes.ids.map((entry) => [entry.developerName, entry.id])))} as const`,
      },
      {
        kind: 'typeAlias',
        name: recordTypes.typeName,
        docs: docText(`A record type developer name of \`${object.name}\`.`),
        type: `keyof typeof ${recordTypes.constName}`,
      },
    );
  }

  for (const rule of object.dependentPicklists) {
    shared.add('DependentPicklist');
    statements.push(dependentPicklistRule(object, rule));
  }

  const path = outputPaths.sobject(object.name);
  const imports: StatementNode[] = [
    {
      kind: 'import',
      moduleSpecifier: importSpecifier(path, outputPaths.salesforceTypes),
      names: [...shared].sort(compareText),
      typeOnly: true,
    },
    ...[...related]
      .sort((a, b) => compareText(a[1], b[1]))
      .map(
        ([typeName, file]): StatementNode => ({
          kind: 'import',
          moduleSpecifier: importSpecifier(path, file),
          names: [typeName],
          typeOnly: true,
        }),
      ),
  ];
  return { path, statements: [...imports, ...statements] };
}

function articled(label: DocText): DocText {
  return /^[AEIOU]/i.test(label.text) ? doc`an ${label}` : doc`a ${label}`;
}

function shape(name: string, docs: DocText, members: MemberNode[]): StatementNode {
  if (members.length === 0) {
    return {
      kind: 'typeAlias',
      name,
      docs: doc`${docs}\nNothing is writable.`,
      type: 'Record<string, never>',
    };
  }
  return { kind: 'interface', name, docs, members };
}

function collectShared(field: FieldModel, shared: Set<string>): void {
  if (field.tsType.kind === 'shared') shared.add(field.tsType.name satisfies SharedTypeName);
  if (field.tsType.kind === 'multipicklist') shared.add('MultiPicklist');
}

/** The TypeScript type of a field's value, with `| null` when nillable. */
function valueType(field: FieldModel, nullable: boolean): string {
  const type = field.tsType;
  let text: string;
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      text = type.kind;
      break;
    case 'shared':
      text = type.name;
      break;
    case 'picklist':
      text = type.typeName;
      break;
    case 'multipicklist':
      text = `MultiPicklist<${type.valuesTypeName}>`;
      break;
    case 'unknown':
      return 'unknown';
    default:
      return assertNever(type, 'field type');
  }
  return nullable ? `${text} | null` : text;
}

function fieldDocs(field: FieldModel): DocText {
  let text = docText(field.label);
  if (field.helpText !== null && field.helpText.trim() !== '') {
    text = doc`${text}\n\n${docText(field.helpText)}`;
  }
  return doc`${text}\n\n${docText(typeSummary(field))}`;
}

/** One line about the Salesforce side of a field, e.g. "`string(255)`; required on create". */
function typeSummary(field: FieldModel): string {
  const type = field.tsType;
  if (type.kind === 'unknown') {
    return `Salesforce type \`${field.salesforceType}\` is not known to soupkit: typed as \`unknown\`.`;
  }
  let head = `\`${field.salesforceType}`;
  switch (field.salesforceType) {
    case 'string':
    case 'textarea':
    case 'phone':
    case 'url':
    case 'email':
    case 'encryptedstring':
      head += field.length > 0 ? `(${field.length})` : '';
      break;
    case 'double':
    case 'currency':
    case 'percent':
      head += field.precision > 0 ? `(${field.precision}, ${field.scale})` : '';
      break;
    default:
      break;
  }
  head += '`';
  const notes: string[] = [];
  if (field.reference !== undefined) {
    notes.push(`references ${field.reference.targets.map((t) => t.objectName).join(', ')}`);
  }
  if (field.picklist !== undefined) {
    notes.push(
      type.kind === 'multipicklist'
        ? `values from \`${field.picklist.typeName}\`, joined by ";"`
        : field.picklist.open
          ? 'open picklist'
          : 'restricted picklist',
    );
  }
  if (field.requiredOnCreate) notes.push('required on create');
  else if (field.defaultedOnCreate && field.createable) notes.push('defaulted on create');
  if (!field.createable && !field.updateable)
    notes.push(field.calculated ? 'calculated, read only' : 'read only');
  else if (!field.updateable) notes.push('not updateable');
  if (field.externalId) notes.push('external id');
  if (field.unique) notes.push('unique');
  if (field.autoNumber) notes.push('auto number');
  if (field.components.length > 0)
    notes.push(`not fetched by sync down: its components are (${field.components.join(', ')})`);
  else if (!field.selectable) notes.push('not fetched by sync down (query the record for it)');
  return [head, ...notes].join('; ');
}

function dependentPicklistRule(object: SObjectModel, rule: DependentPicklistModel): StatementNode {
  const allowed = Object.fromEntries(
    rule.allowed.map(({ controllerValue, values }) => [controllerValue, values]),
  );
  const example = `isDependentValueAllowed(${rule.constName}, record.${rule.controllerName}, record.${rule.fieldName})`;
  return {
    kind: 'const',
    name: rule.constName,
    docs: doc`Which values of \`${object.name}.${rule.fieldName}\` each value of its controlling field \`${rule.controllerName}\` allows (the describe's \`validFor\`), in the org's order; inactive values are left out.

@example
${example}; // false when the org would refuse the pair`,
    type:
      `export const ${rule.constName}: DependentPicklist<${rule.controllerType}, ${rule.valuesTypeName}> = {`
        .length <= LINE_WIDTH
        ? `DependentPicklist<${rule.controllerType}, ${rule.valuesTypeName}>`
        : `DependentPicklist<\n  ${rule.controllerType},\n  ${rule.valuesTypeName}\n>`,
    initializer: tsLiteral({ controllerField: rule.controllerName, allowed }, '', 0, ';'),
  };
}

function picklistAlias(object: SObjectModel, picklist: PicklistModel): StatementNode {
  const values = picklist.values.map((v) => stringLiteral(v.value));
  const kind = picklist.open ? 'open (other values allowed)' : 'restricted';
  const docs = docText(
    `Values of \`${object.name}.${picklist.fieldName}\`: ${kind}, in the org's order.`,
  );
  if (values.length === 0) {
    return {
      kind: 'typeAlias',
      name: picklist.typeName,
      docs,
      type: picklist.open ? 'string' : 'never',
    };
  }
  return {
    kind: 'typeAlias',
    name: picklist.typeName,
    docs,
    type: unionType(`export type ${picklist.typeName} = `, values, picklist.open),
  };
}

/**
 * A union of literal types laid out as formatters do: on one line when it
 * fits, else one member per line; `open` wraps it in `OpenPicklist<...>`.
 */
function unionType(head: string, members: readonly string[], open: boolean): string {
  const joined = members.join(' | ');
  const oneLine = open ? `OpenPicklist<${joined}>` : joined;
  if (head.length + oneLine.length + 1 <= LINE_WIDTH) return oneLine;
  if (open && 2 + joined.length <= LINE_WIDTH) return `OpenPicklist<\n  ${joined}\n>`;
  const lines = members.map((m) => `\n  | ${m}`).join('');
  return open ? `OpenPicklist<${lines}\n>` : lines;
}

/**
 * One module per soup: the stored record type, the soup definition with its
 * index specs as literal types, and a function binding it to a store.
 */
import type { SObjectModel } from '../model/model.js';
import { type DocText, doc, docText, importSpecifier, outputPaths } from '../model/naming.js';
import type { ModuleNode } from './ts-nodes.js';
import { tsLiteral } from './ts-values.js';

/**
 * The soup module of one sObject.
 *
 * @example
 * emitSoupModule(model.objects[0]).path; // 'soups/Account.ts'
 */
export function emitSoupModule(object: SObjectModel): ModuleNode {
  const soup = object.soup;
  const path = outputPaths.soup(object.name);
  const soupName = doc`\`${soup.soupName}\``;
  const label = docText(object.label);
  const specs = tsLiteral(
    soup.indexSpecs.map((spec) => ({ path: spec.path, type: spec.type })),
    '  ',
    '  indexSpecs: '.length,
    ',',
  );
  const typeArguments = [
    object.recordTypeName,
    object.createTypeName,
    object.updateTypeName,
    `typeof ${soup.constName}.indexSpecs`,
  ].join(',\n  ');
  return {
    path,
    statements: [
      {
        kind: 'import',
        moduleSpecifier: 'soupkit',
        names: ['defineSoup', 'type TypedSoupHost'],
        typeOnly: false,
      },
      {
        kind: 'import',
        moduleSpecifier: 'soupkit/sync',
        names: ['bindSyncSoup', 'type LocalEditHost', 'type SyncLocalFlags', 'type TypedSyncSoup'],
        typeOnly: false,
      },
      {
        kind: 'import',
        moduleSpecifier: importSpecifier(path, object.files.sobject),
        names: [object.recordTypeName, object.createTypeName, object.updateTypeName],
        typeOnly: true,
      },
      {
        kind: 'typeAlias',
        name: soup.recordTypeName,
        docs: doc`${articled(label)} record as stored in soup ${soupName}: the record plus Mobile Sync's local flags.`,
        type: `${object.recordTypeName} & SyncLocalFlags`,
      },
      {
        kind: 'const',
        name: soup.constName,
        docs: doc`Soup ${soupName} of ${label} records and its index specs (as in \`userstore.json\`).`,
        initializer: `defineSoup<${soup.recordTypeName}>()({\n  soupName: ${tsLiteral(soup.soupName)},\n  indexSpecs: ${specs},\n})`,
      },
      {
        kind: 'typeAlias',
        name: soup.typedSoupTypeName,
        docs: doc`Soup ${soupName} bound to a store (what \`${soup.bindFunctionName}\` returns), with typed local edits.`,
        type: `TypedSyncSoup<\n  ${typeArguments}\n>`,
      },
      {
        kind: 'function',
        name: soup.bindFunctionName,
        docs: doc`Binds soup ${soupName} to a store: \`upsert\`, \`retrieve\` and \`query\` typed by its record and index specs; \`createLocally\` takes the create shape, \`updateLocally\` the update shape.\n\n@example\nconst soup = ${soup.bindFunctionName}(store);\nsoup.register();\nconst created = soup.createLocally(record);\nsoup.query({ queryType: 'exact', indexPath: 'Id', matchKey: created.Id });`,
        parameters: [{ name: 'store', type: 'TypedSoupHost & LocalEditHost' }],
        returnType: soup.typedSoupTypeName,
        body: `return bindSyncSoup<\n  ${typeArguments}\n>(store, ${soup.constName}, { sobjectType: ${tsLiteral(object.name)} });`,
      },
    ],
  };
}

function articled(label: DocText): DocText {
  return /^[AEIOU]/i.test(label.text) ? doc`An ${label}` : doc`A ${label}`;
}

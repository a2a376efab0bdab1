/**
 * The index module: re-exports every generated module, and lists the soups
 * and syncs with the whole store and syncs configs as typed constants.
 */
import type { ProjectModel } from '../model/model.js';
import { doc, importSpecifier, outputPaths } from '../model/naming.js';
import type { ModuleNode, StatementNode } from './ts-nodes.js';
import { code, tsLiteral } from './ts-values.js';

/**
 * The index module of a generation.
 *
 * @example
 * emitIndexModule(model).path; // 'index.ts'
 */
export function emitIndexModule(model: ProjectModel): ModuleNode {
  const path = outputPaths.index;
  const spec = (file: string) => importSpecifier(path, file);
  const statements: StatementNode[] = [
    { kind: 'import', moduleSpecifier: 'soupkit', names: ['TypedSoupHost'], typeOnly: true },
    {
      kind: 'import',
      moduleSpecifier: 'soupkit/sync',
      names: ['StoreConfig', 'SyncManager', 'SyncState', 'SyncsConfig'],
      typeOnly: true,
    },
  ];
  for (const object of model.objects) {
    statements.push({
      kind: 'import',
      moduleSpecifier: spec(object.files.soup),
      names: [object.soup.constName],
      typeOnly: false,
    });
    if (object.syncs.length > 0) {
      statements.push({
        kind: 'import',
        moduleSpecifier: spec(object.files.syncs),
        names: object.syncs.map((s) => s.constName),
        typeOnly: false,
      });
    }
  }
  // Not type-only: it holds the multi-select and dependent picklist helpers too.
  statements.push({
    kind: 'exportAll',
    moduleSpecifier: spec(outputPaths.salesforceTypes),
    typeOnly: false,
  });
  for (const object of model.objects) {
    statements.push({
      kind: 'exportAll',
      moduleSpecifier: spec(object.files.sobject),
      // Types only, but for an object with record types or dependent picklists
      // (the id map and the rules are values).
      typeOnly: object.recordTypes === undefined && object.dependentPicklists.length === 0,
    });
    statements.push({
      kind: 'exportAll',
      moduleSpecifier: spec(object.files.soup),
      typeOnly: false,
    });
    if (object.syncs.length > 0) {
      statements.push({
        kind: 'exportAll',
        moduleSpecifier: spec(object.files.syncs),
        typeOnly: false,
      });
    }
  }
  const list = (prefix: string, names: readonly string[]) =>
    `${tsLiteral(names.map(code), '', prefix.length, ' as const;')} as const`;
  statements.push(
    {
      kind: 'const',
      name: 'soups',
      docs: doc`Every generated soup, by object name.`,
      initializer: list(
        'export const soups = ',
        model.objects.map((o) => o.soup.constName),
      ),
    },
    {
      kind: 'const',
      name: 'syncs',
      docs: doc`Every generated sync, in \`usersyncs.json\` order.`,
      initializer: list(
        'export const syncs = ',
        model.objects.flatMap((o) => o.syncs.map((s) => s.constName)),
      ),
    },
    {
      kind: 'const',
      name: 'storeConfig',
      docs: doc`The soups in the shape of \`userstore.json\`.`,
      type: 'StoreConfig',
      initializer:
        '{\n  soups: soups.map((soup) => ({ soupName: soup.soupName, indexes: soup.indexSpecs })),\n}',
    },
    {
      kind: 'const',
      name: 'syncsConfig',
      docs: doc`The syncs in the shape of \`usersyncs.json\`.`,
      type: 'SyncsConfig',
      initializer: '{ syncs }',
    },
    {
      kind: 'function',
      name: 'registerSoups',
      docs: doc`Registers every generated soup with its index specs (a soup that exists is left as is).`,
      parameters: [{ name: 'store', type: 'TypedSoupHost' }],
      returnType: 'void',
      body: 'for (const soup of soups) store.registerSoup(soup.soupName, soup.indexSpecs);',
    },
    {
      kind: 'function',
      name: 'registerSyncs',
      docs: doc`Creates every generated sync (the content of \`usersyncs.json\`) that the manager's store does not have yet, as \`NEW\`; an existing sync is left as it is.\n\n@example\nregisterSoups(store);\nawait registerSyncs(SyncManager.open({ store, connection }));`,
      parameters: [{ name: 'manager', type: 'SyncManager' }],
      returnType: 'Promise<SyncState[]>',
      body: 'return manager.loadSyncsConfig(syncsConfig);',
    },
  );
  return { path, statements };
}

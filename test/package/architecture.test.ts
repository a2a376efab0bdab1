import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

interface ImportEdge {
  readonly file: string;
  readonly specifier: string;
  /** Resolved repo-relative target for relative imports, else the bare specifier. */
  readonly target: string;
  readonly typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(join(ROOT, folder));
  return found;
}

const IMPORT_PATTERN =
  /^\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[2] ?? match[3];
    if (!specifier) continue;
    const target = specifier.startsWith('.')
      ? relative(ROOT, resolve(dirname(file), specifier))
      : specifier;
    edges.push({ file: relative(ROOT, file), specifier, target, typeOnly: Boolean(match[1]) });
  }
  return edges;
}

function edgesFrom(folder: string): ImportEdge[] {
  return sourceFiles(folder).flatMap(importsOf);
}

/** Libraries with a native part: a module that reaches one cannot run without it. */
const NATIVE_LIBRARIES = ['better-sqlite3-multiple-ciphers'];

/** Whether a runtime module (`runtime/….js`), through its value imports, loads a native library. */
function loadsNative(target: string, seen = new Set<string>()): boolean {
  if (seen.has(target)) return false;
  seen.add(target);
  const file = join(ROOT, target.replace(/\.js$/, '.ts'));
  return importsOf(file).some(
    (edge) =>
      !edge.typeOnly &&
      (NATIVE_LIBRARIES.includes(edge.specifier) ||
        (edge.target.startsWith('runtime/') && loadsNative(edge.target, seen))),
  );
}

function describeEdge(edge: ImportEdge): string {
  return `${edge.file} imports '${edge.specifier}'`;
}

describe('dependency direction', () => {
  it('finds the source files it checks', () => {
    expect(sourceFiles('runtime').length).toBeGreaterThan(3);
  });

  it('smartsql imports nothing from the rest of the runtime but errors', () => {
    const bad = edgesFrom('runtime/smartsql').filter(
      (edge) =>
        edge.target.startsWith('runtime/') &&
        !edge.target.startsWith('runtime/smartsql') &&
        edge.target !== 'runtime/errors.js',
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('the store does not import sync', () => {
    const bad = edgesFrom('runtime/store').filter((edge) => edge.target.startsWith('runtime/sync'));
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('sync: contracts import no other part of sync, adapters only contracts; neither the engine nor the API', () => {
    const syncPart = (target: string) =>
      target.startsWith('runtime/sync/') ? target.split('/').slice(2, -1).join('/') || '.' : null;
    const edges = edgesFrom('runtime/sync');
    const allowed: Record<string, readonly string[]> = {
      contracts: ['contracts'],
      adapters: ['contracts', 'adapters'],
    };
    const bad = edges.filter((edge) => {
      const from = syncPart(edge.file);
      const to = syncPart(edge.target);
      if (from === null || to === null) return false;
      const may = allowed[from];
      return may !== undefined && !may.includes(to);
    });
    expect(bad.map(describeEdge)).toEqual([]);
    // The check can fail: the engine does reach contracts, and adapters are imported by the API.
    expect(edges.some((e) => e.file.startsWith('runtime/sync/adapters/'))).toBe(true);
    expect(edges.some((e) => e.target.startsWith('runtime/sync/contracts/'))).toBe(true);
  });

  it('the emulator imports nothing of the runtime but the error base, and no generator', () => {
    const bad = edgesFrom('emulator').filter(
      (edge) =>
        (edge.target.startsWith('runtime/') && edge.target !== 'runtime/errors.js') ||
        edge.target.startsWith('generator/'),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('salesforce/ (facts of Salesforce formats) imports nothing: no library, no builtin, no other room', () => {
    const edges = edgesFrom('salesforce');
    expect(sourceFiles('salesforce').length).toBeGreaterThan(1);
    const bad = edges.filter((edge) => !edge.target.startsWith('salesforce/'));
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('only the parts that read or serve Salesforce formats import salesforce/: generator, emulator, runtime', () => {
    const importers = ['generator', 'emulator', 'runtime'];
    const bad = ['cli', 'compat', 'examples']
      .flatMap(edgesFrom)
      .filter((edge) => edge.target.startsWith('salesforce/'));
    expect(bad.map(describeEdge)).toEqual([]);
    // The rule can fail: the generator and the emulator share the describe field reader.
    for (const folder of importers.slice(0, 2)) {
      expect(edgesFrom(folder).some((edge) => edge.target.startsWith('salesforce/'))).toBe(true);
    }
  });

  it('the runtime never imports the generator or the emulator', () => {
    const bad = edgesFrom('runtime').filter(
      (edge) =>
        /^(generator|emulator)\//.test(edge.target) ||
        /^soupkit\/(generator|emulator)/.test(edge.target),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('the generator imports runtime types, and values only from pure runtime modules (nothing native)', () => {
    const valueImports = edgesFrom('generator').filter(
      (edge) =>
        (edge.target.startsWith('runtime/') || /^soupkit(\/|$)/.test(edge.target)) &&
        !edge.typeOnly,
    );
    expect(valueImports.length).toBeGreaterThan(0);
    const bad = valueImports.filter(
      (edge) => !edge.target.startsWith('runtime/') || loadsNative(edge.target),
    );
    expect(bad.map(describeEdge)).toEqual([]);
    // The check itself can fail: the store façade does load the driver.
    expect(loadsNative('runtime/store/smart-store.js')).toBe(true);
  });

  it('nothing but the CLI itself imports the CLI (it sits on top: generator, sync, emulator)', () => {
    const bad = ['runtime', 'generator', 'emulator', 'examples']
      .flatMap(edgesFrom)
      .filter((edge) => edge.target.startsWith('cli/'));
    expect(bad.map(describeEdge)).toEqual([]);
    expect(edgesFrom('cli').some((edge) => edge.target.startsWith('generator/'))).toBe(true);
  });

  it('compat (the SDK JS layer) reaches the runtime only through its public entry points, and the emulator only from testing.ts', () => {
    const edges = edgesFrom('compat');
    expect(edges.length).toBeGreaterThan(10);
    const publicRuntime = ['runtime/index.js', 'runtime/sync/index.js', 'runtime/errors.js'];
    const bad = edges.filter((edge) => {
      if (edge.specifier.startsWith('node:')) return false;
      if (!edge.specifier.startsWith('.')) return true; // third-party libraries stay behind the runtime
      if (edge.target.startsWith('compat/')) return false;
      if (edge.target === 'emulator/index.js') return edge.file !== 'compat/testing.ts';
      return !publicRuntime.includes(edge.target);
    });
    expect(bad.map(describeEdge)).toEqual([]);
    // The check itself can fail: testing.ts does load the emulator.
    expect(edges.some((edge) => edge.target === 'emulator/index.js')).toBe(true);
  });

  it('nothing of the package imports compat (apps and examples reach it through its entry points)', () => {
    const bad = ['runtime', 'generator', 'emulator', 'cli', 'examples']
      .flatMap(edgesFrom)
      .filter((edge) => edge.target.startsWith('compat/'));
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('examples import only public entry points and files of their own project', () => {
    const projectOf = (path: string) => path.split('/').slice(0, 2).join('/');
    // react-native-tests imports `react-native-force` as an app does (its tests map it to
    // `soupkit/react-native-force`), and its tests import vitest.
    const mapped = (edge: ImportEdge) =>
      edge.file.startsWith('examples/react-native-tests/') &&
      (edge.specifier === 'react-native-force' || /^vitest(\/|$)/.test(edge.specifier));
    const bad = edgesFrom('examples').filter((edge) =>
      edge.specifier.startsWith('.')
        ? !edge.target.startsWith(`${projectOf(edge.file)}/`)
        : !edge.specifier.startsWith('node:') &&
          !/^soupkit(\/|$)/.test(edge.specifier) &&
          !mapped(edge),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });
});

describe('the inspector (cli/inspect/)', () => {
  it('reads the store only through StoreView: no SyncManager, no store value, no write path', () => {
    const files = (edge: ImportEdge) =>
      edge.file.startsWith('cli/inspect/') ||
      edge.file === 'cli/store-report.ts' ||
      edge.file === 'cli/store-view.ts';
    const edges = edgesFrom('cli').filter(files);
    expect(edges.length).toBeGreaterThan(5);
    const bad = edges.filter(
      (edge) =>
        edge.target === 'runtime/sync/sync-manager.js' ||
        /^runtime\/sync\/(up|down)\//.test(edge.target) ||
        (edge.target === 'runtime/store/smart-store.js' && !edge.typeOnly),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('serves a page made of its own files: modules import only each other, nothing remote', () => {
    const folder = join(ROOT, 'cli', 'inspect', 'page');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(folder);
    expect(files.some((file) => file.endsWith('index.html'))).toBe(true);
    const bad: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
          bad.push(`${relative(ROOT, file)} imports '${specifier}'`);
        }
      }
      // The SVG namespace is a name, not a request.
      for (const match of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"]*/gi)) {
        if (match[0] !== 'http://www.w3.org/2000/svg') {
          bad.push(`${relative(ROOT, file)} names ${match[0]}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('no import cycles', () => {
  // Type-only imports count too: a type cycle is still two files that cannot be
  // read (or moved) one without the other.
  it('no module reaches itself through imports (type-only too, static or dynamic)', () => {
    const folders = ['runtime', 'generator', 'emulator', 'cli', 'compat', 'salesforce'];
    const graph = new Map<string, string[]>();
    for (const edge of folders.flatMap(edgesFrom)) {
      if (!edge.specifier.startsWith('.')) continue;
      const from = edge.file.replace(/\.ts$/, '.js');
      graph.set(from, [...(graph.get(from) ?? []), edge.target]);
    }
    expect(graph.size).toBeGreaterThan(50);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'open')
          cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (state.get(next) === undefined) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
    expect(cycles).toEqual([]);
  });
});

describe('each third-party library sits behind one module', () => {
  const everything = ['runtime', 'generator', 'emulator', 'cli', 'compat', 'examples'].flatMap(
    edgesFrom,
  );
  const seams: Record<string, (file: string) => boolean> = {
    'better-sqlite3-multiple-ciphers': (file) => file === 'runtime/store/open-encrypted.ts',
    chevrotain: (file) => /^runtime\/smartsql\/(tokens|lexer|parser)\.ts$/.test(file),
    'ts-morph': (file) => file.startsWith('generator/emit/'),
    jsforce: (file) => file.startsWith('runtime/sync/adapters/jsforce-'),
    '@jetstreamapp/soql-parser-js': (file) => file === 'emulator/soql/parse.ts',
    // tsx's own bundler, for the generator's worker when it runs from the sources.
    esbuild: (file) => file === 'generator/parallel/worker-bundle.ts',
    // The browser tests' driver: a dev dependency, never imported by the package.
    'playwright-core': () => false,
  };
  for (const [library, allowed] of Object.entries(seams)) {
    it(`${library} is imported only where allowed`, () => {
      const bad = everything.filter(
        (edge) =>
          (edge.specifier === library || edge.specifier.startsWith(`${library}/`)) &&
          !allowed(edge.file),
      );
      expect(bad.map(describeEdge)).toEqual([]);
    });
  }
});

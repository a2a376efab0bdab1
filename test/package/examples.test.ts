/**
 * The `@example` of every export of soupkit's entry points (and of the public
 * members of exported classes) is type-checked against the code, as kysely
 * checks its own: an example that calls an API the way it no longer works, or
 * uses a name nothing declares, fails here.
 *
 * An example may use, without importing them:
 * - every export of the entry points (as API docs show an example on its
 *   export's page), imported for it from the entry point that exports it;
 * - the few objects its entry point's examples talk about, declared in
 *   `SUBJECTS` of public-examples.ts (`store` for the store's methods, `manager` for the sync
 *   manager's, the org's `instanceUrl` and `accessToken`, …); an example's
 *   entry point is the one whose folder holds its source file;
 * - a project's generated code as `./generated/index.js` (examples/basic's).
 * Anything else it uses it must declare itself. A name the example imports or
 * declares itself is not provided. An example that is a JSON document (a
 * config file) is not TypeScript and is not checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRY_POINTS,
  entryPointOf,
  FOLDER,
  GENERATED,
  isJson,
  type PublicExample,
  preludeFor,
  readPublicApi,
} from './public-examples.js';
import { typeCheckSnippets } from './type-check-snippets.js';

/**
 * Examples wrong today (other rooms' files), by export, with why; the fixed
 * text of each is in the report to the lead. Remove an entry once its example
 * is fixed: the test fails while a listed example passes.
 */
const KNOWN_BROKEN: ReadonlyMap<string, string> = new Map([
  ['runConfiguredSync', '`accountSyncDown` undeclared'],
  ['deleteLocally', '`saved` undeclared'],
  ['updateLocally', '`saved` undeclared'],
  ['fieldKinds', '`client` undeclared'],
  ['resolveConflicts', '`entryId` undeclared'],
  ['bindSyncSoup', '`Account`, `AccountCreate`, `AccountUpdate`, `accountSoup` undeclared'],
]);

const { exports, examples } = readPublicApi();
const CHECKED = examples.filter((example) => !isJson(example.code));

/** An example made up to show that a name nothing declares fails (`batch`). */
const MADE_UP: PublicExample = {
  where: 'runtime/made-up.ts:7',
  symbol: 'madeUp',
  specifier: 'soupkit',
  code: "store.upsert('accounts', batch);\n",
};

let diagnostics: readonly string[] = [];

/** The first line of `example` and how many lines it has. */
function span(example: PublicExample): { file: string; first: number; lines: number } {
  const colon = example.where.lastIndexOf(':');
  return {
    file: example.where.slice(0, colon),
    first: Number(example.where.slice(colon + 1)),
    lines: example.code.split('\n').length,
  };
}

describe('the @example of every public export', () => {
  // All examples (and the made-up one) are checked once, as one program.
  beforeAll(() => {
    diagnostics = typeCheckSnippets(
      FOLDER,
      [...CHECKED, MADE_UP].map((example) => ({
        where: example.where,
        code: example.code,
        prelude: preludeFor(example, exports),
      })),
      GENERATED,
    );
  }, 300_000);

  it('reads examples from every entry point', () => {
    const entries = new Set(examples.map((example) => entryPointOf(example.where)));
    expect([...entries].sort()).toEqual(ENTRY_POINTS.map(([specifier]) => specifier).sort());
    expect(CHECKED.length).toBeGreaterThan(90);
  });

  it('type-checks each example (but the known broken ones, listed)', () => {
    const failing = new Map<string, string[]>();
    for (const line of diagnostics) {
      if (line.startsWith('runtime/made-up.ts:')) continue;
      const [, file, at] = /^(.+?):(\d+):/.exec(line) ?? [];
      const example = CHECKED.find((candidate) => {
        const { file: where, first, lines } = span(candidate);
        return where === file && Number(at) >= first && Number(at) < first + lines;
      });
      const key = example?.symbol ?? line;
      failing.set(key, [...(failing.get(key) ?? []), line]);
    }
    const unexpected = [...failing].filter(([key]) => !KNOWN_BROKEN.has(key));
    expect(unexpected.flatMap(([, lines]) => lines)).toEqual([]);
    // A listed example that passes now must leave the list.
    expect([...KNOWN_BROKEN.keys()].filter((key) => !failing.has(key))).toEqual([]);
  });

  it('rejects an example that uses a name nothing declares', () => {
    expect(diagnostics.filter((line) => line.startsWith('runtime/made-up.ts:'))).toEqual([
      "runtime/made-up.ts:7: Cannot find name 'batch'.",
    ]);
  });
});

/**
 * A `userstore.json` / `usersyncs.json` that is not JSON is named with the
 * line and column of the mistake, as `soupkit generate` names its config's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../../runtime/sync/contracts/config-files.js';

const dir = mkdtempSync(join(tmpdir(), 'soupkit-config-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfig of a file that is not JSON', () => {
  it.each([
    [
      'a comma where a colon goes',
      '{\n  "syncs": [\n    { "syncName", "x" }\n  ]\n}\n',
      3,
      17,
      'expected ":" but found ","',
    ],
    ['a trailing comma', '{ "soups": [1,] }', 1, 15, 'expected a value'],
    ['an unclosed array', '{ "syncs": [', 1, 13, 'end of input'],
  ])('names the line and column of %s', async (_, text, line, column, what) => {
    const file = join(dir, 'usersyncs.json');
    writeFileSync(file, text);
    const error = await readConfig(file, 'usersyncs').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'SYNC_BAD_CONFIG' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${column}: invalid JSON: .*${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });

  it('reads valid JSON as before', async () => {
    const file = join(dir, 'userstore.json');
    writeFileSync(file, '{ "soups": [] }');
    expect(await readConfig(file, 'userstore')).toEqual({ soups: [] });
  });

  it('now also reads a file that starts with a UTF-8 BOM (JSON.parse alone refused it before)', async () => {
    const file = join(dir, 'userstore-bom.json');
    writeFileSync(file, '\uFEFF{ "soups": [] }');
    expect(await readConfig(file, 'userstore')).toEqual({ soups: [] });
  });
});

/**
 * `configure` and `reset` and the data folder: a temporary folder the layer
 * made is removed by `reset` (and by the next `configure`), a folder the app
 * chose keeps existing with only its store files removed.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configure, reset } from '../../compat/index.js';
import { smartstore } from '../../compat/react-native-force/index.js';

const chosen = mkdtempSync(join(tmpdir(), 'soupkit-lifecycle-test-'));
afterAll(async () => {
  await reset();
  rmSync(chosen, { recursive: true, force: true });
});

async function useStore(): Promise<void> {
  await smartstore.registerSoup(false, 'things', [{ path: 'name', type: 'string' }]);
  await smartstore.registerSoup(true, 'things', [{ path: 'name', type: 'string' }]);
}

describe('the data folder', () => {
  it('reset removes the temporary folder the layer made; the next call makes it again', async () => {
    const { dataFolder } = configure();
    await useStore();
    expect(readdirSync(dataFolder).sort()).toEqual(['global', 'user']);
    await reset();
    expect(existsSync(dataFolder)).toBe(false);
    await useStore();
    expect(await smartstore.soupExists(false, 'things')).toBe(true);
    await reset();
    expect(existsSync(dataFolder)).toBe(false);
  });

  it('configure removes the temporary folder of the configuration it replaces', async () => {
    const first = configure().dataFolder;
    await useStore();
    const second = configure().dataFolder;
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    await reset();
    expect(existsSync(second)).toBe(false);
  });

  it('keeps a folder the app chose, removing only the stores in it', async () => {
    configure({ dataFolder: chosen });
    await useStore();
    expect(readdirSync(chosen).sort()).toEqual(['global', 'user']);
    await reset();
    expect(existsSync(chosen)).toBe(true);
    expect(readdirSync(chosen)).toEqual([]);
    configure();
    expect(existsSync(chosen)).toBe(true);
  });
});

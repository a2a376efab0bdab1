import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/store-helpers.js';

const OLD_KEY = 'old key';
const NEW_KEY = 'new key';
const KILLS = 30;
const CHILD = join(REPO_ROOT, 'test', 'helpers', 'change-key-child.ts');

/** What a store holds, as one comparable string per soup. */
function contentsOf(store: SmartStore): string[] {
  return store.getAllSoupNames().map((soup) =>
    JSON.stringify(
      store.retrieve(
        soup,
        Array.from({ length: 5000 }, (_, i) => i + 1),
      ),
    ),
  );
}

function tryOpen(path: string, key: string): string[] | undefined {
  try {
    const store = SmartStore.open({ path, key });
    try {
      return contentsOf(store);
    } finally {
      store.close();
    }
  } catch {
    return undefined;
  }
}

/** Runs the child on `path`; kills it `killAfterMs` after it starts rekeying (never, if undefined). */
function runChild(path: string, killAfterMs?: number): Promise<{ finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, OLD_KEY, NEW_KEY], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const first = output === '';
      output += chunk.toString();
      if (first && killAfterMs !== undefined && output.startsWith('rekeying')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      const done = /done ([\d.]+)/.exec(output);
      resolve({ finished: done !== null, ms: done ? Number(done[1]) : Number.NaN });
    });
  });
}

describe('changeKey under SIGKILL', () => {
  let template: string;
  let expected: string[];

  beforeAll(() => {
    template = join(tempDir(), 'template.db');
    const store = SmartStore.open({ path: template, key: OLD_KEY });
    store.registerSoup('accounts', [
      { path: 'Name', type: 'string' },
      { path: 'Description', type: 'full_text' },
    ]);
    const filler = 'lorem ipsum dolor sit amet '.repeat(40);
    for (let batch = 0; batch < 2; batch++) {
      store.upsert(
        'accounts',
        Array.from({ length: 1000 }, (_, i) => ({
          Name: `Account ${batch * 1000 + i}`,
          Description: `${filler}${batch}-${i}`,
        })),
      );
    }
    expected = contentsOf(store);
    store.close();
  });

  it(`opens with exactly one of the two keys, data intact, after ${KILLS} kills at spread-out moments`, async () => {
    const dir = tempDir();
    const calibration = join(dir, 'calibration.db');
    copyFileSync(template, calibration);
    const { finished, ms } = await runChild(calibration);
    expect(finished).toBe(true);
    expect(tryOpen(calibration, NEW_KEY)).toEqual(expected);

    const outcomes = { old: 0, new: 0, killedMidway: 0 };
    for (let kill = 0; kill < KILLS; kill++) {
      const path = join(dir, `kill-${kill}.db`);
      copyFileSync(template, path);
      // From the first moment to a little past the calibrated duration.
      const delay = (ms * 1.2 * kill) / (KILLS - 1);
      const run = await runChild(path, delay);
      if (!run.finished) outcomes.killedMidway++;
      const withOld = tryOpen(path, OLD_KEY);
      const withNew = tryOpen(path, NEW_KEY);
      expect(
        [withOld, withNew].filter((c) => c !== undefined),
        `kill ${kill} after ${delay} ms`,
      ).toHaveLength(1);
      expect(withOld ?? withNew, `kill ${kill}`).toEqual(expected);
      if (withOld) outcomes.old++;
      else outcomes.new++;
      if (run.finished) expect(withNew, `kill ${kill}: changeKey had returned`).toEqual(expected);
      expect(existsSync(`${path}-rekey`), `kill ${kill}: backup left after reopen`).toBe(false);
    }
    // The loop proves something only if kills landed inside the rekey.
    expect(outcomes.killedMidway).toBeGreaterThanOrEqual(KILLS / 2);
    expect(outcomes.old + outcomes.new).toBe(KILLS);
  }, 180_000);
});

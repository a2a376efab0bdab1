/**
 * `soupkit generate`: config → describe source (files, or a live org with a disk
 * cache) → generate, or check with `--check`; prints what it wrote.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../generator/config/load-config.js';
import { cachingDescribeSource } from '../generator/describe/describe-cache.js';
import type { DescribeSource } from '../generator/describe/describe-source.js';
import { fileDescribeSource } from '../generator/describe/file-describe-source.js';
import { check, generate } from '../generator/generate.js';
import { CliError } from './cli-error.js';
import { type CliIo, EXIT, flagText, relativeTo, SILENT } from './io.js';
import { writeJsonResult } from './json-output.js';
import { resolveOrgTarget } from './org-auth.js';
import { createProgressBar } from './progress-bar.js';
import { formatCheck, formatGenerate } from './report.js';

/** @internal Runs `soupkit generate` with parsed flags; resolves with the exit code. */
export async function runGenerate(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
): Promise<number> {
  const text = (name: string) => flagText(flags, name);
  const json = flags.has('json');
  const quiet = flags.has('quiet') || json;
  const warnings: string[] = [];
  const checking = flags.has('check');
  const started = performance.now();
  const loaded = await loadConfig(text('config'), io.cwd);
  const { config } = loaded;
  const outFlag = text('out');
  const outDir = outFlag === undefined ? config.outDir : path.resolve(io.cwd, outFlag);
  await checkOutDir(outDir, outFlag === undefined ? 'outDir' : '--out', io.cwd);
  const target = await resolveOrgTarget({ flags, env: io.env, config });
  if (loaded.path === undefined) {
    const notice = `no soupkit.config.json (or .ts) in ${io.cwd}; using the defaults (describes/ → src/generated/)`;
    if (json) warnings.push(notice);
    else if (!quiet) io.stderr.write(`soupkit: ${notice}\n`);
  }

  let source: DescribeSource;
  let cachedFiles: readonly string[] = [];
  let sourceLabel: string;
  if (target === undefined) {
    const dirFlag = text('describes');
    // Offline: the describe cache once a live run has filled it, else the describes folder.
    const cache = config.describeCache;
    const dir =
      dirFlag !== undefined
        ? path.resolve(io.cwd, dirFlag)
        : cache !== undefined && existsSync(cache)
          ? cache
          : config.describes;
    source = fileDescribeSource(dir);
    sourceLabel = `describes in ${relativeTo(io.cwd, dir)}`;
  } else {
    // Loaded only for an org: generating from describe files needs no jsforce.
    const { jsforceDescribeSource } = await import(
      '../generator/describe/jsforce-describe-source.js'
    );
    const live = jsforceDescribeSource({
      apiVersion: target.apiVersion,
      auth: target.auth,
      concurrency: target.concurrency,
      label: target.label,
    });
    sourceLabel = `${target.label} (API ${target.apiVersion})`;
    const cacheFlag = text('cache-dir');
    const cacheDir =
      cacheFlag === undefined
        ? (config.describeCache ?? config.describes)
        : path.resolve(io.cwd, cacheFlag);
    // --check writes nothing, not even the cache.
    source = checking
      ? live
      : cachingDescribeSource(live, cacheDir, (files) => {
          cachedFiles = files;
        });
  }

  const bar = createProgressBar(quiet ? SILENT : io.stderr, 'describing');
  const onProgress = (progress: Parameters<typeof bar.update>[0]) => bar.update(progress);
  try {
    if (checking) {
      const result = await check({ config: loaded, source, outDir, onProgress });
      bar.finish();
      const report = formatCheck(result, { cwd: io.cwd, outDir });
      if (json) {
        const code = report.upToDate ? EXIT.ok : EXIT.stale;
        writeJsonResult(io, code, result, warnings);
        return code;
      }
      if (report.upToDate) {
        if (!quiet) io.stdout.write(report.text);
        return EXIT.ok;
      }
      io.stderr.write(report.text);
      return EXIT.stale;
    }
    const result = await generate({ config: loaded, source, outDir, onProgress });
    bar.finish();
    if (json) {
      writeJsonResult(io, EXIT.ok, { ...result, source: sourceLabel, cachedFiles }, warnings);
      return EXIT.ok;
    }
    if (!quiet) {
      io.stdout.write(
        formatGenerate(result, {
          cwd: io.cwd,
          outDir,
          source: sourceLabel,
          cachedFiles,
          cacheReadOffline: text('cache-dir') === undefined,
          elapsedMs: performance.now() - started,
        }),
      );
    }
    return EXIT.ok;
  } finally {
    bar.finish();
  }
}

/**
 * Refuses an output folder that is a file (or under one), e.g. `--out /dev/null`,
 * before anything is described or written.
 */
async function checkOutDir(outDir: string, origin: '--out' | 'outDir', cwd: string): Promise<void> {
  for (let dir = outDir; ; dir = path.dirname(dir)) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a parent is not a folder; the walk up finds which.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (found?.isDirectory()) return;
    if (found !== undefined) {
      const what = found.isFile() ? 'a file' : 'not a folder';
      const where = dir === outDir ? '' : ` (in the way of ${relativeTo(cwd, outDir)})`;
      throw new CliError(
        'CLI_BAD_OUT_DIR',
        `${origin} ${relativeTo(cwd, dir)} is ${what}${where}: the generated files need a folder`,
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}

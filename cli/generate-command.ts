/**
 * `soupkit generate`: config → describe source (files, or a live org with a disk
 * cache) → generate, or check with `--check`; prints what it wrote.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../generator/config/load-config.js';
import { cachingDescribeSource } from '../generator/describe/describe-cache.js';
import type { DescribeSource } from '../generator/describe/describe-source.js';
import { fileDescribeSource } from '../generator/describe/file-describe-source.js';
import { generate } from '../generator/generate.js';
import { check } from '../generator/verify/check.js';
import { reportError } from './error-report.js';
import { checkFolder } from './folder-check.js';
import { type CliIo, EXIT, flagText, relativeTo, SILENT } from './io.js';
import { writeJsonResult } from './json-output.js';
import { missingLibrary } from './optional-libraries.js';
import { resolveOrgTarget } from './org-auth.js';
import { createProgressBar } from './progress-bar.js';
import { formatCheck, formatGenerate } from './report.js';

/** @internal Runs `soupkit generate` with parsed flags; resolves with the exit code. */
export async function runGenerate(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
): Promise<number> {
  const warnings: string[] = [];
  try {
    return await generateRun(flags, io, warnings);
  } catch (error) {
    // Under --json the error document carries the warnings said before it.
    // (A missing optional library is left to cli.ts, which names it.)
    if (flags.has('json') && missingLibrary(error) === undefined) {
      return reportError(error, io, true, warnings);
    }
    throw error;
  }
}

async function generateRun(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  warnings: string[],
): Promise<number> {
  const text = (name: string) => flagText(flags, name);
  const json = flags.has('json');
  const quiet = flags.has('quiet') || json;
  const checking = flags.has('check');
  const started = performance.now();
  const loaded = await loadConfig(text('config'), io.cwd);
  const { config } = loaded;
  const outFlag = text('out');
  const outDir = outFlag === undefined ? config.outDir : path.resolve(io.cwd, outFlag);
  // A file in the way (e.g. `--out /dev/null`) is said before anything is described.
  await checkFolder(outDir, {
    origin: outFlag === undefined ? 'outDir' : '--out',
    needs: 'the generated files need a folder',
    code: 'CLI_BAD_OUT_DIR',
    cwd: io.cwd,
  });
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

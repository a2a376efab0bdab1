/**
 * `npm run bench` (generator part): generating N objects (default 1,000) end to end
 * through the public generator API: load the config, read and parse every describe
 * file, build the model, emit (ts-morph and text), write the files. The objects are
 * synthesised by varying the recorded describes in ../shared/fixtures/describes
 * (name, label, key prefix and a rotating subset of fields) and written to a
 * temporary folder first, untimed.
 *
 * Baseline, measured in the same run: reading and JSON-parsing the same N describe
 * files, the least any generator must do. Each phase runs in a fresh Node process so
 * its peak memory (`process.resourceUsage().maxRSS`) is its own; the time is the
 * phase's work only (module loading excluded, reported apart as the RSS at start),
 * with its CPU time beside it since wall time grows on a busy machine. A third
 * phase creates the generated files again, alone, to show the file system's share.
 *
 * The generator renders a large folder in worker threads beside the main thread
 * (one per other core); `SOUPKIT_GENERATE_WORKERS=0` measures it in one thread.
 * Each row says how many workers ran (from the `soupkit:generator:render` channel).
 *
 *     npx tsx bench/generator.bench.ts            # 1,000 objects, 3 rounds, medians
 *     BENCH_OBJECTS=200 BENCH_ROUNDS=1 npx tsx bench/generator.bench.ts
 *     SOUPKIT_GENERATE_WORKERS=0 npx tsx bench/generator.bench.ts
 *     BENCH_ONE_THREAD=1 npx tsx bench/generator.bench.ts   # both, alternating
 *     BENCH_BEFORE=/tmp/before npx tsx bench/generator.bench.ts   # beside another checkout's generator
 */
import { execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSyntheticDescribes } from './synthetic-describes.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** `BENCH_ONE_THREAD=1`: each round also generates with no worker thread, for the comparison. */
const COMPARE_ONE_THREAD = process.env.BENCH_ONE_THREAD === '1';
/**
 * `BENCH_BEFORE=<another checkout>`: each round also generates with that
 * checkout's generator (e.g. the previous commit, from `git archive`), the two
 * taking turns to go first, so both meet the same load and disk.
 */
const BEFORE = process.env.BENCH_BEFORE;
/** 1,000 objects, describes read from files (zero latency), generated in 2.5 s at most. */
const TARGET_MS = 2_500;
const SCRIPT = fileURLToPath(import.meta.url);
const REPO = fileURLToPath(new URL('..', import.meta.url));

type Describe = { fields: { name: string }[] };

/** What a phase reports back to the parent, as one JSON line. */
interface PhaseResult {
  readonly ms: number;
  /** CPU time (user + system) of the phase: less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  /** Peak RSS of the phase's process, in KB. */
  readonly maxRssKb: number;
  /** Peak RSS after the modules were loaded, before the work, in KB. */
  readonly startRssKb: number;
  readonly detail: Record<string, number>;
}

// ---------------------------------------------------------------- phases (child processes)

async function baselinePhase(work: string): Promise<Record<string, number>> {
  const dir = join(work, 'describes');
  let fields = 0;
  for (const file of readdirSync(dir).sort()) {
    const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as Describe;
    fields += json.fields.length;
  }
  return { fields };
}

type GeneratorApi = typeof import('../generator/index.js');

/**
 * The file system's share: creating the files a generation wrote (their
 * texts read before the clock starts) in a new folder, in one thread. On a
 * disk where many files were deleted in the last minutes (ext4 without a
 * journal skips their inodes one by one), this alone can take longer than
 * the baseline; the generator pays it too, on two threads.
 */
function prepareWrite(work: string, outName: string): () => Record<string, number> {
  const root = join(work, outName);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(root, full), text: readFileSync(full, 'utf8') };
    });
  return () => {
    const target = join(work, `${outName}-files`);
    const folders = new Set<string>();
    for (const file of files) {
      const full = join(target, file.path);
      if (!folders.has(dirname(full))) {
        mkdirSync(dirname(full), { recursive: true });
        folders.add(dirname(full));
      }
      writeFileSync(full, file.text, { flag: 'wx' });
    }
    return { files: files.length };
  };
}

async function generatePhase(
  work: string,
  outName: string,
  api: GeneratorApi,
): Promise<Record<string, number>> {
  const { fileDescribeSource, generate, loadConfig } = api;
  const config = await loadConfig(join(work, 'soupkit.config.json'));
  let workers = -1;
  subscribe('soupkit:generator:render', (report) => {
    workers = (report as { workers: number }).workers;
  });
  const result = await generate({
    config,
    source: fileDescribeSource(config.config.describes),
    outDir: join(work, outName),
  });
  const count = (status: string) => result.files.filter((file) => file.status === status).length;
  return {
    objects: result.objects.length,
    files: result.files.length,
    created: count('created'),
    unchanged: count('unchanged'),
    workers,
  };
}

/** The size of the generated files, counted once the clock has stopped. */
function outputBytes(work: string, outName: string): number {
  const root = join(work, outName);
  let bytes = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += readFileSync(join(entry.parentPath, entry.name)).length;
  }
  return bytes;
}

async function runPhase(phase: string, work: string, outName: string): Promise<void> {
  // Only the generate phase loads the generator (ts-morph, TypeScript), before the clock starts.
  const api =
    phase === 'generate'
      ? ((await import(
          process.env.BENCH_GENERATOR === undefined
            ? '../generator/index.js'
            : pathToFileURL(process.env.BENCH_GENERATOR).href
        )) as GeneratorApi)
      : undefined;
  const write = phase === 'write' ? prepareWrite(work, outName) : undefined;
  const startRssKb = process.resourceUsage().maxRSS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const detail =
    write !== undefined
      ? write()
      : api === undefined
        ? await baselinePhase(work)
        : await generatePhase(work, outName, api);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  const result: PhaseResult = {
    ms,
    cpuMs,
    maxRssKb,
    startRssKb,
    detail: phase === 'generate' ? { ...detail, bytes: outputBytes(work, outName) } : detail,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function phaseInChild(
  phase: string,
  work: string,
  outName = 'out',
  env: Record<string, string> = {},
): PhaseResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', SCRIPT, '--phase', phase, work, outName],
    {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as PhaseResult;
}

// ---------------------------------------------------------------- setup and report (parent)

function setUp(work: string): number {
  const { bytes } = writeSyntheticDescribes(join(work, 'describes'), OBJECTS);
  writeFileSync(
    join(work, 'soupkit.config.json'),
    JSON.stringify({ describes: 'describes', outDir: 'out', objects: ['*'] }),
  );
  return bytes;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const secondsText = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Per-round ratios as `median× [min–max]`. */
function ratioRange(ratios: readonly number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `${median.toFixed(2)}x [${(sorted[0] ?? 0).toFixed(2)}-${(sorted.at(-1) ?? 0).toFixed(2)}]`;
}

/** The round with the median time. */
function medianPhase(rounds: readonly PhaseResult[]): PhaseResult {
  return [...rounds].sort((a, b) => a.ms - b.ms)[Math.floor(rounds.length / 2)] as PhaseResult;
}

function report(
  inputBytes: number,
  baseline: PhaseResult,
  first: PhaseResult,
  second: PhaseResult,
) {
  const ratio = (phase: PhaseResult) => `${(phase.ms / baseline.ms).toFixed(1)}x baseline`;
  const row = (label: string, phase: PhaseResult, extra: string) =>
    `  ${label.padEnd(64)} ${secondsText(phase.ms).padStart(8)} (cpu ${secondsText(phase.cpuMs)})   peak RSS ${mb(phase.maxRssKb).padStart(7)} (${mb(phase.startRssKb)} after loading)   ${extra}`;
  const within = first.ms < TARGET_MS ? 'within' : 'OVER';
  return [
    `generator benchmark: ${first.detail.objects} objects, ${baseline.detail.fields} fields, ${(inputBytes / 1e6).toFixed(1)} MB of describe JSON (Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)})`,
    row(`baseline: read + JSON.parse ${OBJECTS} describe files`, baseline, ''),
    row(
      `soupkit generate, empty output (${first.detail.created} files, ${((first.detail.bytes ?? 0) / 1e6).toFixed(1)} MB, ${first.detail.workers} workers)`,
      first,
      `${ratio(first)}; ${within} the ${TARGET_MS / 1000} s target`,
    ),
    row(
      `soupkit generate again, ${second.detail.unchanged} files unchanged (${second.detail.workers} workers)`,
      second,
      ratio(second),
    ),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const phaseAt = process.argv.indexOf('--phase');
  if (phaseAt !== -1) {
    const [phase, work, outName] = process.argv.slice(phaseAt + 1) as [string, string, string];
    await runPhase(phase, work, outName);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'soupkit-bench-generator-'));
  try {
    const inputBytes = setUp(work);
    // Rounds alternate the phases; every first generation writes into a folder of
    // its own (never one just emptied: on ext4, creating files right after many
    // were deleted is slower, which would blur the figure).
    const baselines: PhaseResult[] = [];
    const firsts: PhaseResult[] = [];
    const seconds: PhaseResult[] = [];
    const oneThreadFirsts: PhaseResult[] = [];
    const oneThreadSeconds: PhaseResult[] = [];
    const writes: PhaseResult[] = [];
    const beforeFirsts: PhaseResult[] = [];
    const beforeSeconds: PhaseResult[] = [];
    const generateBefore = (round: number) => {
      if (BEFORE === undefined) return;
      const env = { BENCH_GENERATOR: join(BEFORE, 'generator', 'index.ts') };
      beforeFirsts.push(phaseInChild('generate', work, `before-${round}`, env));
      beforeSeconds.push(phaseInChild('generate', work, `before-${round}`, env));
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      baselines.push(phaseInChild('baseline', work));
      if (round % 2 === 1) generateBefore(round);
      firsts.push(phaseInChild('generate', work, `out-${round}`));
      seconds.push(phaseInChild('generate', work, `out-${round}`));
      if (round % 2 === 0) generateBefore(round);
      writes.push(phaseInChild('write', work, `out-${round}`));
      if (COMPARE_ONE_THREAD) {
        const alone = { SOUPKIT_GENERATE_WORKERS: '0' };
        oneThreadFirsts.push(phaseInChild('generate', work, `alone-${round}`, alone));
        oneThreadSeconds.push(phaseInChild('generate', work, `alone-${round}`, alone));
      }
    }
    const baseline = medianPhase(baselines);
    const first = medianPhase(firsts);
    const second = medianPhase(seconds);
    process.stdout.write(report(inputBytes, baseline, first, second));
    const rounds = (phases: readonly PhaseResult[]) =>
      phases.map((p) => `${secondsText(p.ms)} (cpu ${(p.cpuMs / 1000).toFixed(2)})`).join(', ');
    process.stdout.write(
      `  rounds: empty output ${rounds(firsts)}; unchanged ${rounds(seconds)}; baseline ${rounds(baselines)}\n`,
    );
    if (BEFORE !== undefined) {
      process.stdout.write(
        `  before (${BEFORE}) rounds: empty output ${rounds(beforeFirsts)}; unchanged ${rounds(beforeSeconds)}\n`,
      );
    }
    const write = medianPhase(writes);
    process.stdout.write(
      `  creating the same ${write.detail.files} files alone, one thread: ${secondsText(write.ms)} (cpu ${secondsText(write.cpuMs)}); rounds ${writes.map((p) => secondsText(p.ms)).join(', ')}\n`,
    );
    // Each round against its own baseline: on a shared machine the load moves
    // between rounds, and the CPU time moves much less than the wall time.
    for (const [label, phases] of [
      ['empty output', firsts],
      ['unchanged', seconds],
      ['creating the files alone', writes],
      ...(BEFORE === undefined
        ? []
        : ([
            ['before: empty output', beforeFirsts],
            ['before: unchanged', beforeSeconds],
          ] as const)),
      ...(COMPARE_ONE_THREAD
        ? ([
            ['empty output, one thread', oneThreadFirsts],
            ['unchanged, one thread', oneThreadSeconds],
          ] as const)
        : []),
    ] as const) {
      const wall = phases.map((p, i) => p.ms / (baselines[i] as PhaseResult).ms);
      const cpu = phases.map((p, i) => p.cpuMs / (baselines[i] as PhaseResult).cpuMs);
      process.stdout.write(
        `  ${label}: wall ${ratioRange(wall)}, cpu ${ratioRange(cpu)} (per-round ratios to the baseline: median [min-max])\n`,
      );
    }
    process.stdout.write(`  load ${loadavg()[0]?.toFixed(1)} at the end\n`);
    if (first.detail.objects !== OBJECTS) {
      throw new Error(`expected ${OBJECTS} objects, generated ${first.detail.objects}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

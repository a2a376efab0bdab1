/**
 * `npm run bench` (generator against an org): soupkit generating from a live org,
 * the REST emulator on loopback standing in for it, in its own process.
 *
 * 1. **800 objects at 50 ms latency per request**, soupkit's CLI against
 *    `jsforce-gen-schema` (jsforce's own schema generator, same emulator, same
 *    run, rounds alternating). Both are timed as whole processes, start-up
 *    included: soupkit runs from its TypeScript sources through tsx, which only
 *    adds to its time. soupkit describes 25 objects per `composite/batch`
 *    request; jsforce-gen-schema one `describe` request after the other.
 * 2. The same run by stage, and **1,000 objects at zero latency**: soupkit's
 *    `generate` as the CLI runs it (describes from the org, saved to the
 *    describe cache, then generated), in a child process with its modules
 *    loaded before the clock starts, broken down into fetching the describes,
 *    writing the cache, and generating.
 *
 *     npx tsx bench/generate-from-org.bench.ts
 *     BENCH_ORG_OBJECTS=200 BENCH_ROUNDS=1 npx tsx bench/generate-from-org.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DescribeSource } from '../generator/index.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-handle.js';
import { median } from './stats.js';
import { writeSyntheticDescribes } from './synthetic-describes.js';

const ORG_OBJECTS = Number(process.env.BENCH_ORG_OBJECTS ?? 800);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ZERO_LATENCY_OBJECTS = Number(process.env.BENCH_ZERO_LATENCY_OBJECTS ?? 1_000);
/** At least 5× faster than jsforce-gen-schema against the same org. */
const SPEEDUP_TARGET = 5;

const SCRIPT = fileURLToPath(import.meta.url);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'cli', 'bin.ts');
/** tsx by URL: the projects run in temporary folders, outside this package. */
const TSX = import.meta.resolve('tsx');
const JSFORCE_GEN_SCHEMA = join(REPO, 'node_modules', '.bin', 'jsforce-gen-schema');
const USER = { username: 'bench@example.com', password: 'bench-secret' };
const API_VERSION = '62.0';

type Org = EmulatorProcess;

/** Starts the emulator in its own process (`emulator-process.ts`) over `describes`. */
function startOrg(describes: string, latencyMs: number): Promise<Org> {
  return startEmulatorProcess([
    '--describes',
    describes,
    '--latency',
    String(latencyMs),
    '--user',
    `${USER.username}:${USER.password}`,
  ]);
}

/** Runs a command to its end; its wall time in ms. Fails on a non-zero exit. */
function timedProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else
        reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/** A fresh soupkit project whose config selects every object of the org. */
function soupkitProject(work: string, name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'soupkit.config.json'),
    JSON.stringify({ describes: 'describes', outDir: 'out', objects: ['*'] }),
  );
  return dir;
}

async function soupkitRun(org: Org, work: string, round: number): Promise<number> {
  const dir = soupkitProject(work, `soupkit-${round}`);
  const ms = await timedProcess(
    process.execPath,
    [
      '--import',
      TSX,
      CLI,
      'generate',
      '--instance-url',
      org.instanceUrl,
      '--access-token',
      org.accessToken,
      '--api-version',
      API_VERSION,
    ],
    { cwd: dir },
  );
  const generated = readdirSync(join(dir, 'out', 'sobjects')).length;
  if (generated !== ORG_OBJECTS) throw new Error(`soupkit generated ${generated} objects`);
  return ms;
}

/**
 * jsforce-gen-schema logs in with a username and password; its CLI takes only an
 * https login URL, so the emulator's http one goes through jsforce's connection
 * registry (`~/.jsforce/config.json`, under a temporary HOME).
 */
async function jsforceGenSchemaRun(org: Org, work: string, round: number): Promise<number> {
  const dir = join(work, `jsforce-${round}`);
  const home = join(dir, 'home');
  mkdirSync(join(home, '.jsforce'), { recursive: true });
  writeFileSync(
    join(home, '.jsforce', 'config.json'),
    JSON.stringify({ connections: { emulator: { loginUrl: org.instanceUrl } } }),
  );
  const out = join(dir, 'schema.d.ts');
  const ms = await timedProcess(
    JSFORCE_GEN_SCHEMA,
    ['-c', 'emulator', '-u', USER.username, '-p', USER.password, '--no-cache', '-o', out],
    { cwd: dir, env: { ...process.env, HOME: home } },
  );
  const types = readFileSync(out, 'utf8').match(/^type Fields\$/gm)?.length ?? 0;
  if (types !== ORG_OBJECTS) throw new Error(`jsforce-gen-schema wrote ${types} object types`);
  return ms;
}

// ---------------------------------------------------------------- stages phase (child)

interface StagesResult {
  readonly totalMs: number;
  readonly fetchMs: number;
  readonly cacheMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly objects: number;
}

/** A source whose `describe()` calls add up their time, for the stages. */
function timedDescribes(inner: DescribeSource): { source: DescribeSource; ms: () => number } {
  let ms = 0;
  return {
    source: {
      ...inner,
      describe: async (names, onProgress) => {
        const started = performance.now();
        const describes = await inner.describe(names, onProgress);
        ms += performance.now() - started;
        return describes;
      },
    },
    ms: () => ms,
  };
}

/** What `soupkit generate --instance-url … --access-token …` does, timed by stage. */
async function stagesPhase(dir: string, instanceUrl: string, accessToken: string) {
  const { generate, jsforceDescribeSource, loadConfig } = await import('../generator/index.js');
  const { cachingDescribeSource } = await import('../generator/describe/describe-cache.js');
  const config = await loadConfig(join(dir, 'soupkit.config.json'));
  const live = jsforceDescribeSource({
    apiVersion: API_VERSION,
    auth: { kind: 'access-token', instanceUrl, accessToken },
  });
  const fetching = timedDescribes(live);
  const caching = timedDescribes(cachingDescribeSource(fetching.source, config.config.describes));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await generate({ config, source: caching.source });
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const out: StagesResult = {
    totalMs,
    fetchMs: fetching.ms(),
    cacheMs: caching.ms() - fetching.ms(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    objects: result.objects.length,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** The stages phase in a child process: its modules load before the clock starts. */
function stagesInChild(dir: string, org: Org): StagesResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', SCRIPT, '--phase', dir, org.instanceUrl, org.accessToken],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as StagesResult;
}

// ---------------------------------------------------------------- report

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function stageLine(result: StagesResult): string {
  const rest = result.totalMs - result.fetchMs - result.cacheMs;
  return `total ${seconds(result.totalMs)} (cpu ${seconds(result.cpuMs)}, peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB): describes fetched in ${seconds(result.fetchMs)}, cache written in ${seconds(result.cacheMs)}, parse + model + emit + write ${seconds(rest)}`;
}

async function main(): Promise<void> {
  const phaseAt = process.argv.indexOf('--phase');
  if (phaseAt !== -1) {
    const [dir, url, token] = process.argv.slice(phaseAt + 1);
    await stagesPhase(dir as string, url as string, token as string);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'soupkit-bench-org-'));
  const lines: string[] = [];
  try {
    const { bytes } = writeSyntheticDescribes(join(work, 'org-describes'), ORG_OBJECTS);
    const org = await startOrg(join(work, 'org-describes'), LATENCY_MS);
    const soupkit: number[] = [];
    const jsforce: number[] = [];
    let soupkitRequests = 0;
    let jsforceRequests = 0;
    let stages: StagesResult;
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternate which goes first, so neither always runs on a warmer machine.
        for (const tool of round % 2 === 0 ? ['soupkit', 'jsforce'] : ['jsforce', 'soupkit']) {
          const before = await org.requestCount();
          if (tool === 'soupkit') soupkit.push(await soupkitRun(org, work, round));
          else jsforce.push(await jsforceGenSchemaRun(org, work, round));
          const requests = (await org.requestCount()) - before;
          if (tool === 'soupkit') soupkitRequests = requests;
          else jsforceRequests = requests;
        }
      }
      stages = stagesInChild(soupkitProject(work, 'stages'), org);
    } finally {
      await org.close();
    }
    const speedup = median(jsforce) / median(soupkit);
    lines.push(
      `generator against an org: ${ORG_OBJECTS} objects (${(bytes / 1e6).toFixed(1)} MB of describes), ${LATENCY_MS} ms latency per request, ${ROUNDS} alternating rounds, medians (Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)})`,
      `  jsforce-gen-schema (baseline)   ${seconds(median(jsforce)).padStart(8)}   ${jsforceRequests} HTTP requests   rounds ${jsforce.map(seconds).join(', ')}`,
      `  soupkit generate                ${seconds(median(soupkit)).padStart(8)}   ${soupkitRequests} HTTP requests   rounds ${soupkit.map(seconds).join(', ')}`,
      `  soupkit is ${speedup.toFixed(1)}x faster; ${speedup >= SPEEDUP_TARGET ? 'meets' : 'MISSES'} the ${SPEEDUP_TARGET}x target`,
      `  soupkit in process, by stage: ${stageLine(stages)}`,
      '',
    );
    process.stdout.write(lines.join('\n'));

    writeSyntheticDescribes(join(work, 'zero-describes'), ZERO_LATENCY_OBJECTS);
    const zeroOrg = await startOrg(join(work, 'zero-describes'), 0);
    let zero: StagesResult;
    try {
      zero = stagesInChild(soupkitProject(work, 'zero-latency'), zeroOrg);
    } finally {
      await zeroOrg.close();
    }
    if (zero.objects !== ZERO_LATENCY_OBJECTS) {
      throw new Error(`expected ${ZERO_LATENCY_OBJECTS} objects, generated ${zero.objects}`);
    }
    process.stdout.write(
      [
        `soupkit generate from the org at zero latency, ${ZERO_LATENCY_OBJECTS} objects, in process`,
        `  ${stageLine(zero)}`,
        `  (the emulator, serving ${ZERO_LATENCY_OBJECTS} describes, shares the machine's CPUs; the generation alone from files is in generator.bench.ts)`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

/**
 * `npm run bench` (generator part): generating N objects (default 1,000) end to end
 * through the public generator API: load the config, read and parse every describe
 * file, build the model, emit with ts-morph, write the files. The objects are
 * synthesised by varying the recorded describes in ../shared/fixtures/describes
 * (name, label, key prefix and a rotating subset of fields); they are written to a
 * temporary folder first, untimed.
 *
 * Baseline, measured in the same run: reading and JSON-parsing the same N describe
 * files (the least any generator must do). Figures: wall time, the ratio to the
 * baseline, and peak memory (`process.resourceUsage().maxRSS`, taken after the
 * baseline and after the generation; the baseline runs first).
 *
 *     npx tsx bench/generator.bench.ts            # 1,000 objects
 *     BENCH_OBJECTS=200 npx tsx bench/generator.bench.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileDescribeSource, generate, loadConfig } from '../generator/index.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1_000);
const TARGET_MS = 10_000;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const RECORDED = join(REPO, '..', 'shared', 'fixtures', 'describes');
/** Fields every variant keeps (the generator always keeps Id and LastModifiedDate). */
const KEPT = new Set(['Id', 'Name', 'LastModifiedDate', 'SystemModstamp', 'CreatedDate']);

type Describe = { name: string; label: string; fields: { name: string }[] } & Record<
  string,
  unknown
>;

function recordedDescribes(): Describe[] {
  return readdirSync(RECORDED)
    .filter((file) => file.endsWith('.describe.json') && file !== 'global.describe.json')
    .sort()
    .map((file) => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as Describe);
}

/** The i-th synthetic object: a recorded describe renamed, with every 7th field (rotating) left out. */
function variant(base: Describe, index: number): Describe {
  const stem = base.name.replace(/__c$/, '');
  const name = `Bench${String(index).padStart(4, '0')}${stem}__c`;
  const fields = base.fields.filter(
    (field, position) => KEPT.has(field.name) || (position + index) % 7 !== 0,
  );
  return {
    ...base,
    name,
    label: `${base.label} ${index}`,
    labelPlural: `${base.label} ${index}s`,
    custom: true,
    keyPrefix: `a${index.toString(36).toUpperCase().padStart(2, '0')}`,
    fields,
  };
}

function mb(kilobytes: number): string {
  return `${(kilobytes / 1024).toFixed(0)} MB`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'soupkit-bench-generator-'));
  try {
    // ---- setup (untimed): N describe files and a config selecting all of them
    const bases = recordedDescribes();
    const describesDir = join(work, 'describes');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(describesDir);
    let inputBytes = 0;
    for (let index = 0; index < OBJECTS; index += 1) {
      const describe = variant(bases[index % bases.length] as Describe, index);
      const text = `${JSON.stringify(describe, null, 2)}\n`;
      inputBytes += Buffer.byteLength(text);
      writeFileSync(join(describesDir, `${describe.name}.describe.json`), text);
    }
    const configFile = join(work, 'soupkit.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ describes: 'describes', outDir: 'out', objects: ['*'] }),
    );
    const rssAtStart = process.resourceUsage().maxRSS;

    // ---- baseline: read and JSON-parse every describe file
    const baselineStart = performance.now();
    let parsedFields = 0;
    for (const file of readdirSync(describesDir).sort()) {
      const json = JSON.parse(await readFile(join(describesDir, file), 'utf8')) as Describe;
      parsedFields += json.fields.length;
    }
    const baselineMs = performance.now() - baselineStart;
    const rssAfterBaseline = process.resourceUsage().maxRSS;

    // ---- soupkit: config → describes → model → emit → write, through the public API
    const generateStart = performance.now();
    const config = await loadConfig(configFile);
    const result = await generate({ config, source: fileDescribeSource(config.config.describes) });
    const generateMs = performance.now() - generateStart;
    const rssAfterGenerate = process.resourceUsage().maxRSS;
    const written = result.files.filter((file) => file.status === 'created').length;
    let outputBytes = 0;
    for (const file of result.files)
      outputBytes += readFileSync(join(result.outDir, file.path)).length;

    // ---- second run over the unchanged output (renders everything, writes nothing)
    const rerunStart = performance.now();
    const rerun = await generate({
      config: await loadConfig(configFile),
      source: fileDescribeSource(describesDir),
    });
    const rerunMs = performance.now() - rerunStart;
    const unchanged = rerun.files.filter((file) => file.status === 'unchanged').length;

    const within = generateMs < TARGET_MS ? 'within' : 'OVER';
    process.stdout.write(
      [
        `generator benchmark: ${result.objects.length} objects (${parsedFields} fields, ${(inputBytes / 1e6).toFixed(1)} MB of describe JSON)`,
        `  baseline   read + JSON.parse ${OBJECTS} describe files     ${seconds(baselineMs).padStart(8)}   peak RSS ${mb(rssAfterBaseline)}`,
        `  soupkit    generate end to end (${written} files, ${(outputBytes / 1e6).toFixed(1)} MB)   ${seconds(generateMs).padStart(8)}   peak RSS ${mb(rssAfterGenerate)}   ${(generateMs / baselineMs).toFixed(1)}x baseline   ${within} the ${TARGET_MS / 1000} s target`,
        `  soupkit    second run, output unchanged (${unchanged} files)   ${seconds(rerunMs).padStart(8)}   ${(rerunMs / baselineMs).toFixed(1)}x baseline`,
        `  peak RSS before the baseline (setup): ${mb(rssAtStart)}; Node ${process.version}`,
        '',
      ].join('\n'),
    );
    if (result.objects.length !== OBJECTS) {
      throw new Error(`expected ${OBJECTS} objects, generated ${result.objects.length}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

/**
 * Rendering a folder of describes in worker threads. Each worker, and the main
 * thread beside them, reads, parses, models and prints a share of the objects
 * (a `RenderShare`), taking batches from a counter in shared memory, and
 * writes or compares those objects' files with the output folder; the main
 * thread runs the cross-object stages (the object list, the plans and family
 * links, the family syncs, the index and name checks) with the same
 * functions, in the same order, as `buildModel`, then prints the shared files
 * (`renderShared`). Files and errors are those of the in-thread renderer.
 */

import type { GeneratorConfig } from '../config/config.js';
import type { DescribeProgress } from '../describe/describe-source.js';
import { type GeneratedFile, renderShared } from '../emit/render-project.js';
import { describesByName, finishModel, type ModelPlan, planModel } from '../model/build-model.js';
import type { SObjectModel } from '../model/model.js';
import { compareText } from '../model/naming.js';
import type { RenderedFile } from '../util/output-folder.js';
import { newBatchClaims, stopClaims } from './batch-claims.js';
import {
  fromWire,
  fromWireCause,
  type ReadOutcome,
  type RenderOutcome,
  StagedWriteError,
  type WorkerEvent,
  type WorkerMessage,
  type WorkerRequest,
} from './protocol.js';
import { RenderShare } from './render-share.js';
import { type RenderWorker, startWorkers, type WorkerPool } from './worker-pool.js';

/** Describes a share reads per request in a run by steps: few enough to balance the shares, enough to keep the messages few. */
const BATCH = 8;

/** What the parallel renderer needs. */
export interface ParallelRender {
  readonly config: GeneratorConfig;
  /** The absolute describes folder. */
  readonly folder: string;
  /** The objects to read, sorted. */
  readonly names: readonly string[];
  /** Worker threads beside the main thread's share. */
  readonly workers: number;
  readonly onProgress?: ((progress: DescribeProgress) => void) | undefined;
  /**
   * A new, empty folder: each share writes the files of its objects there
   * as it prints them (only when no family link makes the render go by steps).
   */
  readonly stageDir?: string | undefined;
  /**
   * The output folder, existing: each share compares the files of its objects
   * with it as it prints them (only when no family link makes the render go by steps).
   */
  readonly compareDir?: string | undefined;
}

/** The rendered files; the objects' files were written into the staging folder when `staged`. */
export interface ParallelResult {
  readonly files: RenderedFile[];
  readonly staged: boolean;
}

/**
 * Renders the describes of `folder` in `workers` worker threads; every worker
 * has exited when the promise settles.
 *
 * @example
 * const files = await renderInWorkers({ config, folder: '/app/describes', names, workers: 2 });
 */
export async function renderInWorkers(options: ParallelRender): Promise<ParallelResult> {
  const { config, names, onProgress } = options;
  let done = 0;
  // A streamed run's outcomes, by object, as the shares report their batches.
  const outcomes: RenderOutcome[] = [];
  const onEvent = (event: WorkerEvent) => {
    if (event.kind === 'rendered') {
      for (const [k, outcome] of event.outcomes.entries()) outcomes[event.from + k] = outcome;
      return;
    }
    done += 1;
    onProgress?.({ done, total: names.length, name: event.name });
  };
  const pool = startWorkers(options.workers, onEvent);
  let finished = false;
  try {
    // The main thread's share comes last: a step is posted to every worker
    // before this thread works on its own share.
    const local = new RenderShare(onEvent);
    const workers: RenderWorker[] = [
      ...pool.workers,
      {
        call: async (request) => local.handle(request as Exclude<WorkerRequest, { kind: 'exit' }>),
      },
    ];
    const streamed = streamedPlan(config, names);
    const result =
      streamed === undefined
        ? { files: await renderInSteps(options, workers), staged: false }
        : {
            files: await renderStreamed(options, pool, local, streamed, outcomes),
            staged: options.stageDir !== undefined,
          };
    finished = true;
    return result;
  } finally {
    await pool.close(finished);
  }
}

/**
 * The plan of a run whose objects can be rendered each on its own, start to
 * end: no `children` entry (so no family link) and a config that plans
 * without error (else the steps give the errors in their usual order).
 */
function streamedPlan(config: GeneratorConfig, names: readonly string[]): ModelPlan | undefined {
  // A describe's name is its file's (the parser checks), so the names are the heads.
  const heads = new Map(names.map((name) => [name, { name, origin: '', childRelationships: [] }]));
  try {
    const plan = planModel(config, heads);
    return plan.plans.every((p) => p.children.length === 0) ? plan : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hands `total` items out in ranges of `BATCH` to the lanes, each taking the
 * next range when done with its last; after a failure no lane takes another.
 * A lane whose work is synchronous (the main thread's share) must yield in
 * between, so that the workers' answers come in: each range ends with one turn
 * of the event loop.
 */
async function inBatches(
  total: number,
  lanes: readonly ((from: number, to: number) => Promise<void>)[],
): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    lanes.map(async (lane) => {
      while (!failed && next < total) {
        const from = next;
        next = Math.min(total, from + BATCH);
        try {
          await lane(from, next);
        } catch (error) {
          failed = true;
          throw error;
        }
        await new Promise((resume) => setImmediate(resume));
      }
    }),
  );
}

/**
 * With no family link, each share reads, parses, builds and prints a batch of
 * objects at a time (and writes or compares their files), taking the next
 * batch itself when it is done: no share waits for another until the end.
 */
async function renderStreamed(
  options: ParallelRender,
  pool: WorkerPool,
  local: RenderShare,
  plan: ModelPlan,
  outcomes: readonly RenderOutcome[],
): Promise<RenderedFile[]> {
  const { config, folder, onProgress } = options;
  const { workers } = pool;
  const claims = newBatchClaims(plan.plans.length, workers.length + 1);
  const setup: WorkerRequest = {
    kind: 'setup',
    folder,
    generated: [...plan.generated],
    progress: onProgress !== undefined,
    plans: plan.plans,
    claims,
    stageDir: options.stageDir,
    compareDir: options.compareDir,
  };
  const inWorker = (worker: RenderWorker) => {
    // Both posted at once: the worker answers them in order.
    const steps = [ask(worker, setup), ask(worker, { kind: 'render' })];
    return Promise.all(steps);
  };
  // This thread's share yields after each batch, so that the workers'
  // messages (their batches' outcomes) come in as they are posted.
  const inThisThread = async () => {
    const answer = local.handle(setup as Extract<WorkerRequest, { kind: 'setup' }>);
    if (answer.kind === 'failed') throw fromWire(answer.error);
    while (local.renderBatch()) await new Promise((resume) => setImmediate(resume));
  };
  try {
    await Promise.all([...workers.map(inWorker), inThisThread()]);
  } catch (error) {
    stopClaims(claims);
    throw error;
  }
  // The workers are done: they exit while this thread finishes the run.
  const exited = pool.close(true);
  exited.catch(() => undefined);
  // As in one thread: the first describe that could not be read, else the first
  // that is not valid, else the first object that could not be built.
  for (const kind of ['readFailed', 'invalid', 'buildFailed'] as const) {
    const failed = outcomes.find((o) => o.kind === kind);
    if (failed?.kind === kind) throw fromWire(failed.error);
  }
  // Then, as the writes go in path order, the write that failed first in that order.
  const unwritten = outcomes
    .flatMap((o) => (o.kind === 'writeFailed' ? [o] : []))
    .sort((a, b) => compareText(a.path, b.path))[0];
  if (unwritten !== undefined) {
    throw new StagedWriteError(unwritten.path, fromWireCause(unwritten.error));
  }
  const done = outcomes as readonly Extract<RenderOutcome, { kind: 'ok' }>[];
  const model = finishModel(
    config,
    plan,
    done.map((o) => o.summary),
  );
  const files = renderShared(
    model,
    done.flatMap((o) => o.files),
    done.map((o) => o.configItems),
  );
  await exited;
  return files;
}

/**
 * With family links, step by step: every share reads, then builds, then
 * prints, the main thread planning in between with every describe's head.
 */
async function renderInSteps(
  options: ParallelRender,
  workers: readonly RenderWorker[],
): Promise<GeneratedFile[]> {
  const { config, folder, names, onProgress } = options;
  // Reads go out in small batches to whichever share is free (this thread's
  // too, while the workers start), so each reads and parses as much as its
  // core allows; a describe then stays with the share that read it, which
  // builds and prints that object too.
  const outcomes: ReadOutcome[] = new Array(names.length);
  const readBy: number[] = new Array(names.length);
  await inBatches(
    names.length,
    workers.map((worker, w) => async (from: number, to: number) => {
      const answer = await ask(worker, {
        kind: 'read',
        config,
        folder,
        names: names.slice(from, to),
        progress: onProgress !== undefined,
      });
      (answer as Answer<'read'>).outcomes.forEach((outcome, k) => {
        outcomes[from + k] = outcome;
        readBy[from + k] = w;
      });
    }),
  );
  // As the source does: the first describe that could not be read, else the
  // first that is not valid, in name order.
  for (const kind of ['readFailed', 'invalid'] as const) {
    const failed = outcomes.find((o) => o.kind === kind);
    if (failed !== undefined && failed.kind !== 'ok') throw fromWire(failed.error);
  }
  const heads = outcomes.map((o) => (o as Extract<ReadOutcome, { kind: 'ok' }>).head);
  const owner = new Map(heads.map((head, i) => [head.name, readBy[i] as number]));
  const plan = planModel(config, describesByName(heads));

  const linked = new Set(plan.links.flatMap((l) => [l.parent, l.relationship.childSObject]));
  const generated = [...plan.generated];
  const planned = workers.map(() => [] as number[]);
  for (const [i, objectPlan] of plan.plans.entries()) {
    planned[owner.get(objectPlan.name) as number]?.push(i);
  }
  const builds = await Promise.all(
    workers.map((worker, w) =>
      ask(worker, {
        kind: 'build',
        generated,
        objects: (planned[w] as number[]).map((i) => {
          const objectPlan = plan.plans[i] as (typeof plan.plans)[number];
          return {
            plan: objectPlan,
            parentIdFields: [...(plan.parentIdFields.get(objectPlan.name) ?? [])],
            linked: linked.has(objectPlan.name),
          };
        }),
      }),
    ),
  );
  // The first object, in plan order, that failed to build.
  const failures = builds.flatMap((b, w) => {
    const error = (b as Extract<WorkerMessage, { kind: 'build' }>).error;
    return error === undefined
      ? []
      : [{ at: planned[w]?.[error.index] as number, error: error.error }];
  });
  const firstFailure = failures.sort((a, b) => a.at - b.at)[0];
  if (firstFailure !== undefined) throw fromWire(firstFailure.error);
  const summaries: SObjectModel[] = new Array(plan.plans.length);
  builds.forEach((b, w) => {
    (b as Extract<WorkerMessage, { kind: 'build' }>).summaries.forEach((summary, k) => {
      summaries[planned[w]?.[k] as number] = summary;
    });
  });
  const model = finishModel(config, plan, summaries);

  const parents = new Set(plan.links.map((l) => l.parent));
  const families = model.objects
    .filter((o) => parents.has(o.name))
    .map(({ name, syncs, syncFunctions }) => ({ name, syncs, syncFunctions }));
  const printed = await Promise.all(
    workers.map((worker) => ask(worker, { kind: 'print', families })),
  );
  const objectFiles = printed.flatMap(
    (p) => (p as Extract<WorkerMessage, { kind: 'print' }>).files,
  );
  return renderShared(model, objectFiles);
}

type Answer<K extends WorkerMessage['kind']> = Extract<WorkerMessage, { kind: K }>;

/** A worker's answer to a request; a failed request throws its error. */
async function ask(worker: RenderWorker, request: WorkerRequest): Promise<WorkerMessage> {
  const answer = await worker.call(request);
  if (answer.kind === 'failed') throw fromWire(answer.error);
  if (answer.kind !== request.kind) {
    throw new Error(`a generator worker answered ${answer.kind} to ${request.kind}`);
  }
  return answer;
}

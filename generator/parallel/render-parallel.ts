/**
 * Rendering a folder of describes in worker threads. Each worker, and the main
 * thread beside them, reads, parses, models and prints a share of the objects
 * (a `RenderShare`); the main thread runs the cross-object stages between the steps (the object list, the plans and
 * family links, the family syncs, the index and name checks) with the same
 * functions, in the same order, as `buildModel`, then prints the shared files
 * (`renderShared`). Files and errors are those of the in-thread renderer.
 */

import type { GeneratorConfig } from '../config/config.js';
import type { DescribeProgress } from '../describe/describe-source.js';
import { type GeneratedFile, renderShared } from '../emit/render-project.js';
import { describesByName, finishModel, type ModelPlan, planModel } from '../model/build-model.js';
import type { SObjectModel } from '../model/model.js';
import { compareText } from '../model/naming.js';
import {
  fromWire,
  fromWireCause,
  type ReadOutcome,
  type RenderOutcome,
  StagedWriteError,
  type WorkerMessage,
  type WorkerRequest,
} from './protocol.js';
import { RenderShare } from './render-share.js';
import { type RenderWorker, startWorkers } from './worker-pool.js';

/** Objects a share takes per request: few enough to balance the shares, enough to keep the messages few. */
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
}

/** The rendered files; the objects' files were written into the staging folder when `staged`. */
export interface ParallelResult {
  readonly files: GeneratedFile[];
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
  const read = (name: string) => {
    done += 1;
    onProgress?.({ done, total: names.length, name });
  };
  const pool = startWorkers(options.workers, read);
  let finished = false;
  try {
    // The main thread's share comes last: a step is posted to every worker
    // before this thread works on its own share.
    const local = new RenderShare(read);
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
            files: await renderStreamed(options, workers, streamed),
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

/** The main thread's share is the last of the list. */
function isLocal(workers: readonly RenderWorker[], w: number): boolean {
  return w === workers.length - 1;
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
 * objects at a time, taking the next batch when it is done: no share waits
 * for another until the end.
 */
async function renderStreamed(
  options: ParallelRender,
  workers: readonly RenderWorker[],
  plan: ModelPlan,
): Promise<GeneratedFile[]> {
  const { config, folder, onProgress } = options;
  const setup: WorkerRequest = {
    kind: 'setup',
    folder,
    generated: [...plan.generated],
    progress: onProgress !== undefined,
    stageDir: options.stageDir,
  };
  const outcomes: RenderOutcome[] = new Array(plan.plans.length);
  // Each worker is set up once, before its first batch.
  const setUp = workers.map((worker) => ask(worker, setup));
  for (const step of setUp) step.catch(() => undefined);
  const lane = (w: number) => async (from: number, to: number) => {
    await setUp[w];
    const answer = await ask(workers[w] as RenderWorker, {
      kind: 'render',
      plans: plan.plans.slice(from, to),
    });
    for (const [k, outcome] of (answer as Answer<'render'>).outcomes.entries()) {
      outcomes[from + k] = outcome;
    }
  };
  // Two batches in flight per worker: when this thread, busy with its own
  // batch, reads a worker's answer late, the worker has the next one already.
  await inBatches(
    plan.plans.length,
    workers.flatMap((_, w) => (isLocal(workers, w) ? [lane(w)] : [lane(w), lane(w)])),
  );
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
  const done = outcomes as Extract<RenderOutcome, { kind: 'ok' }>[];
  const model = finishModel(
    config,
    plan,
    done.map((o) => o.summary),
  );
  return renderShared(
    model,
    done.flatMap((o) => o.files),
  );
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

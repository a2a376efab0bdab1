/**
 * One share of a parallel render: reads and parses its describes, builds those
 * objects' models and prints their modules (and, in a streamed run, their
 * entries in the JSON configs), keeping each describe and model between the
 * steps; only heads, summaries and printed files leave it, and a file equal to
 * its copy in the output folder leaves without its text. It runs in a worker
 * thread (`render-worker.ts`) or on the main thread beside them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratorConfig } from '../config/config.js';
import { parseDescribe, type SObjectDescribe } from '../describe/describe.js';
import { readDescribeFile } from '../describe/file-describe-source.js';
import { configItems } from '../emit/emit-configs.js';
import { tsFileHeader } from '../emit/file-header.js';
import { ModulePrinter } from '../emit/module-printer.js';
import { renderObject } from '../emit/render-object.js';
import type { GeneratedFile } from '../emit/ts-nodes.js';
import { buildObject } from '../model/build-object.js';
import { withFamilies } from '../model/build-syncs.js';
import { globMatch } from '../model/glob.js';
import type { SObjectModel } from '../model/model.js';
import type { ObjectPlan } from '../model/select-objects.js';
import { compareWithDisk, type RenderedFile, resolveInside } from '../util/output-folder.js';
import { claimBatch, stopClaims } from './batch-claims.js';
import {
  type ReadOutcome,
  type RenderOutcome,
  toWire,
  toWireCause,
  type WireError,
  type WorkerEvent,
  type WorkerMessage,
  type WorkerRequest,
} from './protocol.js';

/** What a share reports besides its answers: each describe read, each batch rendered. */
export type ShareEvents = (event: WorkerEvent) => void;

/**
 * A share's state and steps; `handle` answers one request, a failure included.
 *
 * @example
 * const share = new RenderShare((event) => console.log(event.kind));
 * share.handle({ kind: 'read', config, folder, names: ['Account'], progress: true });
 */
export class RenderShare {
  private readonly describes = new Map<string, SObjectDescribe>();
  private readonly built: SObjectModel[] = [];
  private setup: Extract<WorkerRequest, { kind: 'setup' }> | undefined;
  private generated: ReadonlySet<string> = new Set();
  private printer: ModulePrinter | undefined;
  private header = '';
  /** The staging folder's subfolders this share has made. */
  private readonly folders = new Set<string>();

  constructor(private readonly onEvent: ShareEvents) {}

  handle(request: Exclude<WorkerRequest, { kind: 'exit' }>): WorkerMessage {
    try {
      switch (request.kind) {
        case 'setup':
          this.setup = request;
          this.generated = new Set(request.generated);
          this.printer = new ModulePrinter();
          this.header = tsFileHeader();
          return { kind: 'setup' };
        case 'render': {
          // Each batch is reported as it is done (`rendered`).
          let more = true;
          while (more) more = this.renderBatch();
          return { kind: 'render' };
        }
        case 'read':
          return { kind: 'read', outcomes: request.names.map((name) => this.read(request, name)) };
        case 'build':
          return this.build(request);
        case 'print':
          return this.print(request);
      }
    } catch (error) {
      if (this.setup !== undefined) stopClaims(this.setup.claims);
      return { kind: 'failed', error: toWire(error) };
    }
  }

  /**
   * Streamed run: takes the next batch of objects and renders it, reporting
   * its outcomes (`rendered`); false when no batch was left. A failure
   * (a bug: the outcomes carry the expected ones) stops every share.
   */
  renderBatch(): boolean {
    const setup = this.setup as Extract<WorkerRequest, { kind: 'setup' }>;
    try {
      const batch = claimBatch(setup.claims);
      if (batch === undefined) return false;
      const outcomes = setup.plans.slice(batch.from, batch.to).map((plan) => this.render(plan));
      this.onEvent({ kind: 'rendered', from: batch.from, outcomes });
      return true;
    } catch (error) {
      stopClaims(setup.claims);
      throw error;
    }
  }

  /**
   * One object of a streamed run, start to end. With no family link, its
   * model is final once built: `withFamilies` only adds its sync functions.
   */
  private render(plan: ObjectPlan): RenderOutcome {
    const setup = this.setup as Extract<WorkerRequest, { kind: 'setup' }>;
    let raw: ReturnType<typeof readDescribeFile>;
    try {
      raw = readDescribeFile(setup.folder, plan.name);
    } catch (error) {
      return { kind: 'readFailed', error: toWire(error) };
    }
    if (setup.progress) this.onEvent({ kind: 'progress', name: plan.name });
    let describe: SObjectDescribe;
    try {
      describe = parseDescribe(raw);
    } catch (error) {
      return { kind: 'invalid', error: toWire(error) };
    }
    let object: SObjectModel;
    try {
      object = withFamilies(buildObject(plan, describe, this.generated, new Set()), [], []);
    } catch (error) {
      return { kind: 'buildFailed', error: toWire(error) };
    }
    const files = renderObject(object, this.printer as ModulePrinter, this.header);
    const done = {
      kind: 'ok' as const,
      summary: summaryOf(object, false),
      configItems: configItems(object),
    };
    if (setup.stageDir === undefined) {
      const { compareDir } = setup;
      // Compared here, in this thread: a file the same on disk need not cross threads.
      if (compareDir === undefined) return { ...done, files };
      return { ...done, files: files.map((file) => compared(compareDir, file)) };
    }
    // Written here, in this thread, beside the rendering of the other shares.
    for (const file of files) {
      const target = path.join(setup.stageDir, file.path);
      try {
        const folder = path.dirname(target);
        if (!this.folders.has(folder)) {
          mkdirSync(folder, { recursive: true });
          this.folders.add(folder);
        }
        writeFileSync(target, file.contents, { flag: 'wx' });
      } catch (error) {
        return { kind: 'writeFailed', path: file.path, error: toWireCause(error) };
      }
    }
    return { ...done, files: files.map((file) => ({ path: file.path, contents: '' })) };
  }

  private read(request: Extract<WorkerRequest, { kind: 'read' }>, name: string): ReadOutcome {
    let raw: ReturnType<typeof readDescribeFile>;
    try {
      raw = readDescribeFile(request.folder, name);
    } catch (error) {
      return { kind: 'readFailed', error: toWire(error) };
    }
    if (request.progress) this.onEvent({ kind: 'progress', name });
    let describe: SObjectDescribe;
    try {
      describe = parseDescribe(raw);
    } catch (error) {
      return { kind: 'invalid', error: toWire(error) };
    }
    this.describes.set(describe.name, describe);
    const { origin, childRelationships } = describe;
    // Child relationships are read across objects only for `children` entries.
    return {
      kind: 'ok',
      head: {
        name: describe.name,
        origin,
        childRelationships: mayHaveChildren(request.config, describe.name)
          ? childRelationships
          : [],
      },
    };
  }

  private build(request: Extract<WorkerRequest, { kind: 'build' }>): WorkerMessage {
    const generated = new Set(request.generated);
    const summaries: SObjectModel[] = [];
    let error: { index: number; error: WireError } | undefined;
    for (const [index, { plan, parentIdFields, linked }] of request.objects.entries()) {
      let object: SObjectModel;
      try {
        object = buildObject(
          plan,
          this.describes.get(plan.name) as SObjectDescribe,
          generated,
          new Set(parentIdFields),
        );
      } catch (thrown) {
        error = { index, error: toWire(thrown) };
        break;
      }
      this.built.push(object);
      summaries.push(summaryOf(object, linked));
    }
    this.describes.clear();
    return { kind: 'build', summaries, error };
  }

  private print(request: Extract<WorkerRequest, { kind: 'print' }>): WorkerMessage {
    const families = new Map(request.families.map((family) => [family.name, family]));
    const printer = new ModulePrinter();
    const header = tsFileHeader();
    const files: GeneratedFile[] = [];
    for (const object of this.built) {
      const family = families.get(object.name);
      // With no family link as parent, the main thread's `withFamilies` adds the
      // sync functions only: the same call here gives the same object.
      const final =
        family === undefined
          ? withFamilies(object, [], [])
          : { ...object, syncs: family.syncs, syncFunctions: family.syncFunctions };
      files.push(...renderObject(final, printer, header));
    }
    this.built.length = 0;
    return { kind: 'print', files };
  }
}

/**
 * A file with how it compares with its copy in `outDir`; when that cannot be
 * read (but for a missing file), it is left to the main thread, which reports
 * the failure as it does for any file.
 */
function compared(outDir: string, file: GeneratedFile): RenderedFile {
  try {
    const onDisk = compareWithDisk(resolveInside(outDir, file.path), file.contents);
    return onDisk === 'same' ? { path: file.path, contents: '', onDisk } : { ...file, onDisk };
  } catch {
    return file;
  }
}

/** Whether a config entry with `children` may apply to the object (exclusions aside). */
function mayHaveChildren(config: GeneratorConfig, name: string): boolean {
  return config.objects.some(
    (entry) =>
      entry.children !== undefined &&
      (entry.isGlob ? globMatch(entry.name, name) : entry.name === name),
  );
}

/**
 * What the main thread's cross-object stages and shared files read of an
 * object: all but the fields (unless a family link names the object), the
 * picklist values and the child relationships.
 */
function summaryOf(object: SObjectModel, linked: boolean): SObjectModel {
  return {
    ...object,
    fields: linked ? object.fields : [],
    picklists: object.picklists.map((picklist) => ({ ...picklist, values: [] })),
    childRelationships: [],
  };
}

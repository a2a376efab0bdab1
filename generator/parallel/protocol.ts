/**
 * The messages between the parallel renderer (main thread) and its workers,
 * and errors across the thread boundary: a generator error is rebuilt on the
 * main thread as the same class with the same code, message and details.
 */
import type { GeneratorConfig } from '../config/config.js';
import type { ConfigItems } from '../emit/emit-configs.js';
import type { GeneratedFile } from '../emit/ts-nodes.js';
import {
  ConfigError,
  DescribeError,
  type DescribeErrorCode,
  GeneratorError,
  type GeneratorErrorCode,
} from '../errors.js';
import type { DescribeHead } from '../model/build-model.js';
import type { SObjectModel, SyncFunctionModel, SyncModel } from '../model/model.js';
import type { ObjectPlan } from '../model/select-objects.js';
import type { RenderedFile } from '../util/output-folder.js';
import type { BatchClaims } from './batch-claims.js';

/** Main → worker: one step of the run (a worker handles one at a time). */
export type WorkerRequest =
  | {
      /** Streamed run (no family links): what every `render` step needs. */
      readonly kind: 'setup';
      readonly folder: string;
      readonly generated: readonly string[];
      readonly progress: boolean;
      /** Every object of the run, in order; the shares take them in batches through `claims`. */
      readonly plans: readonly ObjectPlan[];
      readonly claims: BatchClaims;
      /** A new folder to write each object's files into (then its text is not sent back). */
      readonly stageDir: string | undefined;
      /**
       * The output folder, when it exists: each file is compared with its copy
       * there (`onDisk`), and an equal one is sent back without its text.
       */
      readonly compareDir: string | undefined;
    }
  | {
      /**
       * Streamed run: take batches of objects until none is left; read, parse,
       * build and print each, posting a `rendered` message per batch.
       */
      readonly kind: 'render';
    }
  | {
      /** Read and parse these describes (kept in the worker), report their heads. */
      readonly kind: 'read';
      readonly config: GeneratorConfig;
      readonly folder: string;
      readonly names: readonly string[];
      readonly progress: boolean;
    }
  | {
      /** Build these objects' models (kept in the worker), report their summaries. */
      readonly kind: 'build';
      readonly generated: readonly string[];
      readonly objects: readonly {
        readonly plan: ObjectPlan;
        readonly parentIdFields: readonly string[];
        /** A family link names it: its summary keeps its fields. */
        readonly linked: boolean;
      }[];
    }
  | {
      /** Print every object built, with the syncs the main thread gave family parents. */
      readonly kind: 'print';
      readonly families: readonly {
        readonly name: string;
        readonly syncs: readonly SyncModel[];
        readonly syncFunctions: readonly SyncFunctionModel[];
      }[];
    }
  /** The run is over: exit. */
  | { readonly kind: 'exit' };

/** What reading one describe gave: its head, or the failure of the read or of the parse. */
export type ReadOutcome =
  | { readonly kind: 'ok'; readonly head: DescribeHead }
  | { readonly kind: 'readFailed'; readonly error: WireError }
  | { readonly kind: 'invalid'; readonly error: WireError };

/** What rendering one object in a streamed run gave. */
export type RenderOutcome =
  | Exclude<ReadOutcome, { kind: 'ok' }>
  | { readonly kind: 'buildFailed'; readonly error: WireError }
  | {
      /** A file of the object could not be written into the staging folder. */
      readonly kind: 'writeFailed';
      readonly path: string;
      readonly error: WireCause;
    }
  | {
      readonly kind: 'ok';
      readonly summary: SObjectModel;
      /** Its entries in the JSON configs, printed here beside its modules. */
      readonly configItems: ConfigItems;
      /**
       * With a staging folder, written there and sent without their text
       * (`contents` empty); else compared with the output folder when it exists.
       */
      readonly files: readonly RenderedFile[];
    };

/** Worker → main. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'setup' }
  /** Streamed run: no batch is left (each came in its `rendered` message). */
  | { readonly kind: 'render' }
  | WorkerEvent
  | { readonly kind: 'read'; readonly outcomes: readonly ReadOutcome[] }
  | {
      readonly kind: 'build';
      /** In request order; stops at the first object that failed. */
      readonly summaries: readonly SObjectModel[];
      readonly error?: { readonly index: number; readonly error: WireError } | undefined;
    }
  | { readonly kind: 'print'; readonly files: readonly GeneratedFile[] }
  /** The request itself failed (a bug): the run fails with it. */
  | { readonly kind: 'failed'; readonly error: WireError };

/** Worker → main, outside the answers to requests. */
export type WorkerEvent =
  | { readonly kind: 'progress'; readonly name: string }
  /** The outcomes of the objects `from`, `from + 1`, … of a streamed run. */
  | {
      readonly kind: 'rendered';
      readonly from: number;
      readonly outcomes: readonly RenderOutcome[];
    };

/** An error as it crosses threads. */
export type WireError =
  | {
      readonly kind: 'describe';
      readonly code: DescribeErrorCode;
      readonly message: string;
      readonly origin: string | undefined;
      readonly objectName: string | undefined;
      readonly fieldName: string | undefined;
      readonly cause: WireCause | undefined;
    }
  | {
      readonly kind: 'config';
      readonly code: ConfigError['code'];
      readonly message: string;
      readonly file: string | undefined;
      readonly key: string | undefined;
      readonly line: number | undefined;
      readonly column: number | undefined;
      readonly cause: WireCause | undefined;
    }
  | {
      readonly kind: 'generator';
      readonly code: GeneratorErrorCode;
      readonly message: string;
      readonly cause: WireCause | undefined;
    }
  /** Anything else, structured-cloned (an `Error` keeps its message and stack). */
  | { readonly kind: 'other'; readonly error: unknown };

/** The cause of an error: its message and errno code (e.g. `EACCES`). */
export interface WireCause {
  readonly message: string;
  readonly code: string | undefined;
}

/** An error thrown in a worker, ready to post. */
export function toWire(error: unknown): WireError {
  const cause = causeOf(error);
  if (error instanceof DescribeError) {
    const { code, message, origin, objectName, fieldName } = error;
    return { kind: 'describe', code, message, origin, objectName, fieldName, cause };
  }
  if (error instanceof ConfigError) {
    const { code, message, file, key, line, column } = error;
    return { kind: 'config', code, message, file, key, line, column, cause };
  }
  if (error instanceof GeneratorError) {
    return { kind: 'generator', code: error.code, message: error.message, cause };
  }
  return { kind: 'other', error };
}

/** The error a worker posted, as the class it was thrown as. */
export function fromWire(wire: WireError): unknown {
  switch (wire.kind) {
    case 'describe': {
      // The message holds the location the constructor put before it: take it apart.
      const located = splitLocation(wire.message, wire.origin);
      return new DescribeError(
        wire.code,
        located.message,
        {
          origin: wire.origin,
          objectName: wire.objectName,
          fieldName: wire.fieldName,
          line: located.line,
          column: located.column,
        },
        causeOption(wire.cause),
      );
    }
    case 'config': {
      const located = splitLocation(wire.message, wire.file);
      const { file, key, line, column } = wire;
      return new ConfigError(
        wire.code,
        located.message,
        { file, key, line, column },
        causeOption(wire.cause),
      );
    }
    case 'generator':
      return new GeneratorError(wire.code, wire.message, causeOption(wire.cause));
    case 'other':
      return wire.error;
  }
}

/** `file:line:column: message` (as `formatLocated` writes it) → its parts. */
function splitLocation(
  text: string,
  file: string | undefined,
): { message: string; line: number | undefined; column: number | undefined } {
  if (file === undefined || !text.startsWith(file)) {
    return { message: text, line: undefined, column: undefined };
  }
  const match = /^(?::(\d+)(?::(\d+))?)?: /.exec(text.slice(file.length));
  if (match === null) return { message: text, line: undefined, column: undefined };
  const number = (group: string | undefined) => (group === undefined ? undefined : Number(group));
  return {
    message: text.slice(file.length + match[0].length),
    line: number(match[1]),
    column: number(match[2]),
  };
}

function causeOf(error: unknown): WireCause | undefined {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? undefined : toWireCause(cause);
}

/** A file-system error as it crosses threads: its message and errno code. */
export function toWireCause(error: unknown): WireCause {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

/** The error a `WireCause` describes, with its errno code. */
export function fromWireCause(cause: WireCause): Error {
  return Object.assign(
    new Error(cause.message),
    cause.code === undefined ? {} : { code: cause.code },
  );
}

function causeOption(cause: WireCause | undefined): { cause?: unknown } | undefined {
  return cause === undefined ? undefined : { cause: fromWireCause(cause) };
}

/**
 * A generated file could not be written into the staging folder: `generate`
 * reports it as it reports any write failure, naming the file.
 */
export class StagedWriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: Error,
  ) {
    super(`cannot write ${path}: ${reason.message}`);
  }
}

/**
 * The worker threads of the parallel renderer: started from the renderer's own
 * folder (`.ts` sources load through tsx, the build's `.js` as they are), one
 * request at a time each, all ended by `close`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerEvent, WorkerMessage, WorkerRequest } from './protocol.js';
import { bundledWorker } from './worker-bundle.js';

/** A started worker: `call` posts a request and resolves with its answer (answers come in request order). */
export interface RenderWorker {
  call(request: WorkerRequest): Promise<WorkerMessage>;
}

/** A set of started workers. */
export interface WorkerPool {
  readonly workers: readonly RenderWorker[];
  /**
   * Ends every worker; resolves once all have exited. `finished` lets each
   * end its current request and exit by itself (so a `--cpu-prof` profile of
   * it is written); else they are terminated at once. A second call waits
   * for the first.
   */
  close(finished?: boolean): Promise<void>;
}

/**
 * Starts `count` workers; a call waits until its worker has loaded its modules.
 * `onEvent` receives the messages of every worker that answer no request
 * (progress, rendered batches).
 *
 * @example
 * const pool = startWorkers(2, () => {});
 * try { await pool.workers[0]?.call(request); } finally { await pool.close(); }
 */
export function startWorkers(count: number, onEvent: (event: WorkerEvent) => void): WorkerPool {
  const { entry, options } = workerEntry();
  const threads = Array.from({ length: count }, () => start(new Worker(entry, options), onEvent));
  let closed: Promise<void> | undefined;
  return {
    workers: threads,
    close: (finished = false) => {
      closed ??= Promise.all(
        threads.map((thread) => (finished ? thread.exit() : thread.worker.terminate())),
      ).then(() => undefined);
      return closed;
    },
  };
}

/**
 * The worker module beside this one, and how Node must start it: the build's
 * `.js` as it is; the `.ts` sources (run by tsx or vitest) bundled into one
 * `.js` (`worker-bundle.ts`), or, without esbuild, through a bootstrap that
 * registers tsx's loader in the thread first (a worker's `--import` does not
 * apply to its own entry on Node 20). tsx is resolved from here, not from the
 * current folder, which may be anywhere.
 */
function workerEntry(): { entry: string | URL; options: WorkerOptions } {
  const typescript = import.meta.url.endsWith('.ts');
  const url = new URL(`./render-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  // Of the process's flags, a worker takes only the profiler's, so `node --cpu-prof` profiles it too.
  const execArgv = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
  if (!typescript) return { entry: url, options: { execArgv } };
  const bundle = process.env.SOUPKIT_WORKER_BUNDLE === '0' ? undefined : bundledWorker(url);
  if (bundle !== undefined) return { entry: bundle, options: { execArgv } };
  const tsx = tsxRegisterUrl();
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return { entry: bootstrap, options: { eval: true, execArgv } };
}

/** tsx's ESM `register` module (`tsx/esm/api`, its `import` condition, which `require.resolve` does not pick). */
function tsxRegisterUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const target = exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return new URL(target, pathToFileURL(manifest)).href;
}

/**
 * Listens to a worker from its start: `ready` resolves with its first message;
 * an error or an exit fails the call in flight, and every later one.
 */
function start(
  worker: Worker,
  onEvent: (event: WorkerEvent) => void,
): RenderWorker & { worker: Worker; exit(): Promise<unknown> } {
  type Pending = { resolve: (m: WorkerMessage) => void; reject: (e: unknown) => void };
  const pending: Pending[] = [];
  let broken: unknown;
  let started: Pending | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    started = { resolve: () => resolve(), reject };
  });
  // A failed start is reported by the calls; a worker never called must not leave it unhandled.
  ready.catch(() => undefined);
  const fail = (error: unknown) => {
    broken ??= error;
    for (const waiting of [started, ...pending.splice(0)]) waiting?.reject(error);
    started = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'progress' || message.kind === 'rendered') return onEvent(message);
    const waiting = message.kind === 'ready' ? started : pending.shift();
    if (message.kind === 'ready') started = undefined;
    waiting?.resolve(message);
  });
  worker.on('error', fail);
  let exited = false;
  const exit = new Promise((resolve) => {
    worker.once('exit', resolve);
  });
  worker.on('exit', (code) => {
    exited = true;
    fail(new Error(`a generator worker exited (code ${code})`));
  });
  return {
    worker,
    exit() {
      if (!exited) worker.postMessage({ kind: 'exit' } satisfies WorkerRequest);
      return exit;
    },
    async call(request) {
      await ready;
      if (broken !== undefined) throw broken;
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        worker.postMessage(request);
      });
    },
  };
}

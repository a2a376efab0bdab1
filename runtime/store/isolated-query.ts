/**
 * Runs one read in a child process that can be killed: the only way to bound
 * the time of a query on a driver built without SQLite's progress callback
 * (and the only way to survive a query whose values exhaust a process's heap).
 * The parent compiles and binds the query; the child opens the file read-only,
 * reads the rows within the byte budget and sends them back.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SqlValue } from '../smartsql/catalog.js';
import type { CipherSettings } from './open-encrypted.js';
import { StoreError, type StoreErrorCode } from './store-error.js';

/** What the child is asked to run. */
export interface IsolatedQueryRequest {
  readonly path: string;
  readonly key: string;
  readonly cipher: CipherSettings;
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** `pluck` for one column of entry JSON, `raw` for arrays of values. */
  readonly mode: 'pluck' | 'raw';
  readonly maxResultBytes: number;
  readonly context: string;
  /** A match query: SQLite errors while it runs are about its key. */
  readonly isMatch: boolean;
}

/** What the child answers. */
export type IsolatedQueryReply =
  | { readonly ok: true; readonly rows: unknown[] }
  | {
      readonly ok: false;
      readonly code: StoreErrorCode | undefined;
      readonly sqliteCode: string | undefined;
      readonly message: string;
    };

export interface IsolationLimits {
  readonly timeoutMs: number;
  /** The child's V8 heap (`--max-old-space-size`), in MiB. */
  readonly heapMb: number;
}

const STDERR_KEPT = 8192;

/** Options of `SmartStore.queryIsolated`. */
export interface IsolatedQueryOptions {
  /** Values for the `?`s of a smart spec. */
  readonly whereArgs?: readonly SqlValue[] | undefined;
  /** How long the query may run before its process is killed (`STORE_QUERY_TIMEOUT`). Default 30,000. */
  readonly timeoutMs?: number | undefined;
  /** The child's V8 heap in MiB; by default room for `limits.maxResultBytes` four times over. */
  readonly heapMb?: number | undefined;
}

const DEFAULT_ISOLATED_TIMEOUT_MS = 30_000;

/**
 * Checks `queryIsolated`'s options and fills in the limits' defaults.
 *
 * @internal
 */
export function isolationLimits(
  options: IsolatedQueryOptions,
  maxResultBytes: number,
): IsolationLimits {
  const { timeoutMs = DEFAULT_ISOLATED_TIMEOUT_MS, heapMb } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `queryIsolated: timeoutMs must be a positive number, got ${String(timeoutMs)}`,
    );
  }
  if (heapMb !== undefined && (!Number.isSafeInteger(heapMb) || heapMb < 16)) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `queryIsolated: heapMb must be an integer of at least 16, got ${String(heapMb)}`,
    );
  }
  return { timeoutMs, heapMb: heapMb ?? defaultHeapMb(maxResultBytes) };
}

/** Room for the rows twice over (as the driver reads them, then as sent), and Node's own needs. */
function defaultHeapMb(maxResultBytes: number): number {
  const resultMb = Number.isFinite(maxResultBytes) ? maxResultBytes / (1024 * 1024) : 1024;
  return Math.ceil(128 + 4 * resultMb);
}

/** Runs the request in a fresh child process; rejects with a StoreError on every failure. */
export function runIsolatedQuery(
  request: IsolatedQueryRequest,
  limits: IsolationLimits,
): Promise<unknown[]> {
  const childUrl = new URL(
    import.meta.url.endsWith('.ts') ? './isolated-query-child.ts' : './isolated-query-child.js',
    import.meta.url,
  );
  // From a checkout the runtime is TypeScript, run through tsx as the parent is.
  const loader = childUrl.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(childUrl), [], {
      execArgv: [...loader, `--max-old-space-size=${limits.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() =>
        reject(
          new StoreError(
            'STORE_QUERY_TIMEOUT',
            `${request.context}: no result within ${limits.timeoutMs} ms; the query's process was killed`,
          ),
        ),
      );
    }, limits.timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString();
    });
    child.on('message', (reply: IsolatedQueryReply) => {
      settle(() => {
        if (reply.ok) resolve(reply.rows);
        else reject(errorFromReply(reply));
      });
    });
    child.on('error', (error) =>
      settle(() =>
        reject(
          new StoreError('STORE_SQLITE_ERROR', `${request.context}: ${error.message}`, {
            cause: error,
          }),
        ),
      ),
    );
    child.on('exit', (code, signal) =>
      settle(() => {
        if (/heap out of memory|Allocation failed|Invalid string length/i.test(stderr)) {
          reject(
            new StoreError(
              'STORE_QUERY_BUDGET_EXCEEDED',
              `${request.context}: the query's process ran out of memory (heap of ${limits.heapMb} MiB); ask for a smaller page or fewer columns`,
              { cause: new Error(stderr) },
            ),
          );
          return;
        }
        reject(
          new StoreError(
            'STORE_SQLITE_ERROR',
            `${request.context}: the query's process ended (${signal ?? `exit code ${code}`}) without a result${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}`,
          ),
        );
      }),
    );
    child.send(request);
  });
}

function errorFromReply(reply: Extract<IsolatedQueryReply, { ok: false }>): StoreError {
  // The driver's error stays in the child; its SQLite code travels as the cause's.
  const cause = Object.assign(new Error(reply.message), { code: reply.sqliteCode });
  return new StoreError(reply.code ?? 'STORE_SQLITE_ERROR', reply.message, { cause });
}

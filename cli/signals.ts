/**
 * Ctrl-C (SIGINT) and SIGTERM for the commands that run until stopped
 * (`sync`, `emulator`, `inspect`): one disposable watcher, installed only once
 * the command has started and disposed when it ends, so a failed start (or an
 * embedding process calling `runCli`) never keeps soupkit's listeners. The
 * first signal asks the command to stop cleanly; a second quits at once.
 */

/** The exit code of a run ended by Ctrl-C or SIGTERM (128 + SIGINT's 2). */
export const EXIT_INTERRUPTED = 130;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Where signals come from (`process` in production, an EventEmitter in tests) and how to quit. */
export interface SignalHost {
  on(event: (typeof SIGNALS)[number], listener: () => void): unknown;
  off(event: (typeof SIGNALS)[number], listener: () => void): unknown;
  /** Ends the process at once (the second signal). */
  exit(code: number): void;
}

/** The running process as a {@link SignalHost}. */
export const PROCESS_SIGNALS: SignalHost = {
  on: (event, listener) => process.on(event, listener),
  off: (event, listener) => process.off(event, listener),
  exit: (code) => process.exit(code),
};

/** What {@link watchInterrupts} returns. */
export interface Interrupts {
  /** True once a first signal came. */
  readonly requested: boolean;
  /** Resolves at the first signal. */
  readonly first: Promise<void>;
  /** Stops listening (the default handling of the signals comes back). */
  dispose(): void;
}

/** What to do at each signal; both optional. */
export interface InterruptHandlers {
  /** At the first signal: ask the work to stop. */
  readonly onFirst?: () => void;
  /** At the second, just before the process quits with {@link EXIT_INTERRUPTED}. */
  readonly onSecond?: () => void;
}

/**
 * Listens for SIGINT and SIGTERM until disposed: the first calls `onFirst`
 * and resolves `first`, the second calls `onSecond` and quits with
 * {@link EXIT_INTERRUPTED}.
 *
 * @example
 * const interrupts = watchInterrupts(PROCESS_SIGNALS, { onFirst: () => manager.stop() });
 * try { await runAll(); } finally { interrupts.dispose(); }
 */
export function watchInterrupts(host: SignalHost, handlers: InterruptHandlers = {}): Interrupts {
  let requested = false;
  let resolveFirst = () => {};
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const listener = () => {
    if (requested) {
      handlers.onSecond?.();
      host.exit(EXIT_INTERRUPTED);
      return;
    }
    requested = true;
    handlers.onFirst?.();
    resolveFirst();
  };
  for (const signal of SIGNALS) host.on(signal, listener);
  return {
    get requested() {
      return requested;
    },
    first,
    dispose() {
      for (const signal of SIGNALS) host.off(signal, listener);
    },
  };
}

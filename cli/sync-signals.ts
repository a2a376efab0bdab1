/**
 * Ctrl-C (SIGINT) and SIGTERM during `soupkit sync`: the first asks the run to
 * stop cleanly (the current page or batch ends, the rest is said), a second
 * quits at once. Both exit 130, as shells report a command ended by Ctrl-C.
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
  /** Stops listening (the default handling of the signals comes back). */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM until disposed: the first calls `onFirst`,
 * the second `onSecond` and then quits with {@link EXIT_INTERRUPTED}.
 *
 * @example
 * const interrupts = watchInterrupts(PROCESS_SIGNALS, () => manager.stop(), () => bar.finish());
 * try { await runAll(); } finally { interrupts.dispose(); }
 */
export function watchInterrupts(
  host: SignalHost,
  onFirst: () => void,
  onSecond: () => void,
): Interrupts {
  let requested = false;
  const listener = () => {
    if (requested) {
      onSecond();
      host.exit(EXIT_INTERRUPTED);
      return;
    }
    requested = true;
    onFirst();
  };
  for (const signal of SIGNALS) host.on(signal, listener);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      for (const signal of SIGNALS) host.off(signal, listener);
    },
  };
}

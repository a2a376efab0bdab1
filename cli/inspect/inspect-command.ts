/**
 * `soupkit inspect`: opens the store, serves the inspector on 127.0.0.1 and
 * prints its URL (with the token) once; runs until SIGINT or SIGTERM.
 */
import { spawn } from 'node:child_process';
import { type CliIo, EXIT, flagText, relativeTo } from '../io.js';
import { writeJsonResult } from '../json-output.js';
import { type Interrupts, PROCESS_SIGNALS, type SignalHost, watchInterrupts } from '../signals.js';
import { openExistingStore } from '../store-access.js';
import { startInspector } from './inspector-server.js';

/**
 * @internal Runs `soupkit inspect` with parsed flags; resolves with the exit code when
 * stopped: by `stopped` when given (tests), else by Ctrl-C or SIGTERM, listened for only
 * once the inspector is up.
 */
export async function runInspect(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  stopped?: Promise<unknown>,
  signals: SignalHost = PROCESS_SIGNALS,
): Promise<number> {
  const { store, path } = await openExistingStore(flags, io);
  let interrupts: Interrupts | undefined;
  try {
    const port = flagText(flags, 'port');
    const inspector = await startInspector({
      store,
      ...(port === undefined ? {} : { port: Number(port) }),
    });
    if (stopped === undefined) interrupts = watchInterrupts(signals);
    if (flags.has('json')) {
      writeJsonResult(io, EXIT.ok, { url: inspector.url, store: path });
    } else {
      io.stdout.write(
        `Inspecting ${relativeTo(io.cwd, path)} (read-only). Open this URL; it carries the access token:\n\n    ${inspector.url}\n\nPress Ctrl+C to stop.\n`,
      );
    }
    if (flags.has('open')) openInBrowser(inspector.url);
    try {
      await (stopped ?? interrupts?.first);
    } finally {
      await inspector.close();
    }
    return EXIT.ok;
  } finally {
    interrupts?.dispose();
    store.close();
  }
}

/** The platform's "open this URL" command; a failure leaves the printed URL to use. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

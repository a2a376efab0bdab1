/**
 * The help text of the `soupkit` CLI: the overview and each command's page,
 * with flag tables built from `flag-table.ts`.
 */

import { type CommandName, type FlagSpec, flagsOf, GLOBAL_FLAGS } from './flag-table.js';

function flagColumn(spec: FlagSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const names = [spec.name, ...(spec.aliases ?? [])].map((name) => `--${name}`).join(', ');
  return `${short}${names}${spec.value === undefined ? '' : ` ${spec.value}`}`;
}

function table(specs: readonly FlagSpec[]): string {
  const width = Math.max(...specs.map((spec) => flagColumn(spec).length)) + 2;
  return specs
    .map((spec) => {
      const env = spec.env === undefined ? '' : ` [env ${spec.env}]`;
      return `  ${flagColumn(spec).padEnd(width)}${spec.description}${env}`;
    })
    .join('\n');
}

/** @internal `soupkit --help`. */
export function mainHelp(): string {
  return `soupkit: typed SmartStore soups and Mobile Sync from Salesforce sObject describes

Usage:
  soupkit init [DIR] [--force] [--json]
  soupkit generate [--config FILE] [--describes DIR | --org ALIAS | --instance-url URL --access-token TOKEN] [--out DIR] [--check] [--json]
  soupkit sync [--config FILE] [--store FILE] [--key-file FILE] [--sync NAME]... [--wait] [--json] [org flags]
  soupkit emulator [--describes DIR] [--records FILE] [--port N] [--access-token TOKEN] [--user NAME:PASSWORD]... [--latency MS] [--json]
  soupkit status [--store FILE] [--key-file FILE] [--json] [--fail-on-errors]
  soupkit inspect [--store FILE] [--key-file FILE] [--port N] [--open] [--json]
  soupkit --help | --version
  soupkit help COMMAND

Commands:
  init        scaffold a project that runs the offline loop (sync down, edit, sync up)
  generate    read describes (files or a live org) and write the generated TypeScript and JSON
  sync        run the project's syncs against the org into an encrypted store file
  emulator    run the local Salesforce REST emulator (the bundled samples by default)
  status      print a store's soups, dirty and failed records, and where its syncs stand
  inspect     look inside a store in the browser (a read-only page on 127.0.0.1)

Flags:
${table(GLOBAL_FLAGS)}

Exit codes: 0 ok, 1 --check found stale files or a sync did not end DONE, 2 error (command line, config, describe, org).
soupkit status exits 1 when a sync is FAILED (--fail-on-errors: or a record carries __last_error__).
--json (every command): one JSON document on stdout, {"status","result","warnings"} or, on an error,
{"status","name","message","exitCode","warnings"}; status is the exit code, name the error's stable code.
Docs: docs/cli.md, shipped in the package (node_modules/soupkit/docs/cli.md)
`;
}

/** @internal The help of one command. */
export function commandHelp(command: CommandName): string {
  switch (command) {
    case 'generate':
      return generateHelp();
    case 'sync':
      return `Usage: soupkit sync [flags]

Runs the syncs of the project's usersyncs.json (the generated one, in the config's outDir)
against the org, into an encrypted store file: the soups of userstore.json are registered,
the syncs created the first time, then each is run (a sync down fetches what changed since
its last run, a sync up sends what is dirty). The key comes from --key-file or
SOUPKIT_STORE_KEY; it is never printed. Exit 0 only when every sync ends DONE.

Flags:
${table(flagsOf('sync'))}

Examples:
  SOUPKIT_STORE_KEY=... soupkit sync --org my-sandbox
  soupkit sync --instance-url http://127.0.0.1:8484 --access-token T --key-file .store-key --sync syncDownAccount --json
`;
    case 'status':
      return `Usage: soupkit status [flags]

Prints what an encrypted store holds: per soup its entries, bytes and dirty records
(created, updated, deleted, with __last_error__); per sync its type, target, status,
progress, last start and end, and error. Reads only. The key comes from --key-file or
SOUPKIT_STORE_KEY; it is never printed. Exit 0; 1 when a sync is FAILED, or with
--fail-on-errors when a record carries __last_error__; 2 when the store cannot be read.

Flags:
${table(flagsOf('status'))}

Examples:
  SOUPKIT_STORE_KEY=... soupkit status
  soupkit status --store app.db --key-file .store-key --json --fail-on-errors
`;
    case 'inspect':
      return `Usage: soupkit inspect [flags]

Opens an encrypted store read-only and serves a page on 127.0.0.1 to look inside it:
soups, entries, a Smart SQL console and sync states. The URL carries a random token and
is printed once; the key never leaves this process. Runs until interrupted.

Flags:
${table(flagsOf('inspect'))}

Example:
  SOUPKIT_STORE_KEY=... soupkit inspect --open
`;
    case 'init':
      return `Usage: soupkit init [DIR] [flags]

Scaffolds a project in DIR (default: the current folder) from soupkit's templates:
package.json, soupkit.config.json, sample describes and records, src/main.ts running the
offline loop (sync down, edit offline, a conflict, sync up) against the local emulator or
an org, and a README with the two commands. Refuses a folder that is not empty unless --force.

Flags:
${table(flagsOf('init'))}

Example:
  soupkit init my-offline-app && cd my-offline-app && npm install && npm start
`;
    case 'emulator':
      return `Usage: soupkit emulator [flags]

Runs the local Salesforce REST emulator on 127.0.0.1 until interrupted, and prints the
SF_INSTANCE_URL and SF_ACCESS_TOKEN to reach it (for soupkit generate and soupkit sync).

Flags:
${table(flagsOf('emulator'))}

Examples:
  soupkit emulator --port 8484 --user dev@example.com:secret
  soupkit emulator --describes describes --records records.json --access-token T --json
`;
    default:
      return command satisfies never;
  }
}

/** @internal `soupkit generate --help`. */
export function generateHelp(): string {
  return `Usage: soupkit generate [flags]

Reads the describes of the objects the config selects and writes the generated files.
Describes come from, in this order: --describes DIR; a live org given by --org,
--instance-url/--access-token or --username/--password (or their environment variables),
or by the config's "org" with --live; else the cached/saved describes folder.
Describes fetched from an org are cached as <Name>.describe.json, so the next run works offline.

Flags:
${table(flagsOf('generate'))}

Examples:
  soupkit generate
  soupkit generate --config examples/basic/soupkit.config.json --check
  soupkit generate --org my-sandbox
  SF_INSTANCE_URL=https://acme.my.salesforce.com SF_ACCESS_TOKEN=00D... soupkit generate
`;
}

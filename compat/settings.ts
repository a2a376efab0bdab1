/**
 * What the layer runs on: the org its `net`, `oauth` and sync calls reach,
 * the folder its stores live in and their key. Set by `configure`, read by
 * every call; one setting per process, as an app has one signed-in user.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CompatError } from './compat-error.js';

/**
 * A signed-in session, as the SDK's `getAuthCredentials` knows it. An
 * emulator handle (`startEmulator()`) has the same shape and may be passed as is.
 */
export interface CompatOrg {
  readonly instanceUrl: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly loginUrl?: string;
  readonly clientId?: string;
  /** Asked from `/services/oauth2/userinfo` when absent. */
  readonly userId?: string;
  /** Asked from `/services/oauth2/userinfo` when absent. */
  readonly orgId?: string;
  readonly userAgent?: string;
  readonly communityId?: string | null;
  readonly communityUrl?: string | null;
  /** The API version sync calls use, e.g. `66.0`. @default '66.0' */
  readonly apiVersion?: string;
}

/** What `configure` takes. */
export interface CompatOptions {
  /** The org (or emulator) calls go to; without it only the store works. */
  readonly org?: CompatOrg;
  /** Where store files go; a fresh temporary folder when omitted. */
  readonly dataFolder?: string;
  /** The stores' encryption key; a random one per `configure` when omitted. */
  readonly key?: string;
}

/** The settings in force. */
export interface CompatSettings {
  readonly org: CompatOrg | undefined;
  readonly dataFolder: string;
  readonly key: string;
}

/** The user agent reported when the org gives none. */
export const DEFAULT_USER_AGENT = 'SalesforceMobileSDK/14.0.0 soupkit (Node.js)';

let current: CompatSettings | undefined;
/** The data folder in force when the layer made it (no `dataFolder` given): it deletes it. */
let temporaryFolder: string | undefined;

/**
 * Replaces the settings (the caller closes what the old ones opened); a
 * temporary data folder of the old settings is deleted.
 */
export function applySettings(options: CompatOptions): CompatSettings {
  const org = options.org === undefined ? undefined : pickOrg(options.org);
  removeTemporaryFolder();
  const dataFolder =
    options.dataFolder === undefined
      ? mkdtempSync(join(tmpdir(), 'soupkit-compat-'))
      : resolve(options.dataFolder);
  temporaryFolder = options.dataFolder === undefined ? dataFolder : undefined;
  current = { org, dataFolder, key: options.key ?? randomBytes(16).toString('hex') };
  return current;
}

/**
 * Deletes the data folder if the layer made it, and answers whether it did;
 * the stores recreate it on their next use.
 */
export function removeTemporaryFolder(): boolean {
  if (temporaryFolder === undefined) return false;
  rmSync(temporaryFolder, { recursive: true, force: true });
  return true;
}

/** The settings in force; a first call without `configure` gets the defaults (no org). */
export function settings(): CompatSettings {
  return current ?? applySettings({});
}

/** The configured org, or `COMPAT_NO_ORG`. */
export function requireOrg(what: string): CompatOrg {
  const org = settings().org;
  if (org === undefined) {
    throw new CompatError(
      'COMPAT_NO_ORG',
      `${what} needs an org: call configure({ org }) or useSoupkitEmulator() first`,
    );
  }
  return org;
}

/** Only the session's fields (an emulator handle carries much more). */
function pickOrg(org: CompatOrg): CompatOrg {
  const keys = [
    'instanceUrl',
    'accessToken',
    'refreshToken',
    'loginUrl',
    'clientId',
    'userId',
    'orgId',
    'userAgent',
    'communityId',
    'communityUrl',
    'apiVersion',
  ] as const;
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (org[key] !== undefined) picked[key] = org[key];
  if (typeof org.instanceUrl !== 'string' || typeof org.accessToken !== 'string') {
    throw new CompatError(
      'COMPAT_BAD_ARGUMENT',
      'configure: org needs instanceUrl and accessToken',
    );
  }
  return picked as unknown as CompatOrg;
}

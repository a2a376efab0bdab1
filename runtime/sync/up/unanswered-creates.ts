/**
 * How soupkit keeps a retried sync up from creating a record twice (the SDK
 * does not): before a call that creates records, the entries are noted in the
 * sync state (one small write); the answer is written back with the note
 * cleared in one transaction. A note that survives means the answer never
 * arrived (a dropped connection after the server committed, a killed process),
 * and the next sync up of the soup first looks those records up on the server
 * by the values it sent; one found becomes the record's server id and is sent
 * as an update, never as a second create.
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { StoredEntry } from '../../store/smart-store.js';
import { LOCALLY_CREATED, LOCALLY_UPDATED } from '../constants.js';
import { isLocalId } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import { type RestRecord, SalesforceRequestError } from '../salesforce-client.js';
import { isApiName, soqlDateTime } from '../soql-text.js';
import type { CreateAttempt } from '../sync-state.js';
import { bodyOf, operationOf, typeOf, type WriteSettings } from './dirty-records.js';

/** How far the server's clock may be behind ours when looking for a create we never heard back from. */
const CREATE_CLOCK_TOLERANCE_MS = 60 * 60 * 1000;

/**
 * Sends a call that creates `entries`, noted in the state first. An error
 * answer (nothing was created) clears the note; no answer leaves it for the
 * next run. The caller clears it with the results, in their transaction.
 */
export async function sendingCreates<T>(
  context: RunContext,
  noted: readonly StoredEntry[] | Omit<CreateAttempt, 'at'>,
  send: () => Promise<T>,
): Promise<T> {
  const attempt = Array.isArray(noted)
    ? { soupEntryIds: noted.map((e: StoredEntry) => e._soupEntryId) }
    : (noted as Omit<CreateAttempt, 'at'>);
  if (attempt.soupEntryIds.length === 0 && (attempt.childEntryIds ?? []).length === 0)
    return send();
  context.update({ createAttempt: { at: Date.now(), ...attempt } }, false);
  try {
    return await send();
  } catch (error) {
    if (error instanceof SalesforceRequestError && error.answered) {
      context.update({ createAttempt: undefined }, false);
    }
    throw error;
  }
}

/** Clears the note of `sendingCreates` (call inside the transaction that saves the answers). */
export function createsAnswered(context: RunContext): void {
  context.update({ createAttempt: undefined }, false);
}

/**
 * Looks up, for every dirty record of `soupName` whose create was never
 * answered, a server record made since the attempt with the values sent. A
 * record found takes its server id in `dirty` (and in the soup) and becomes an
 * update; `onIdChange` hears of each (children still pointing at the local id
 * are rewritten by the parent-children target). Where nothing can be looked up
 * by, the create is sent again.
 */
export async function reconcileUnansweredCreates(
  dirty: StoredEntry[],
  soupName: string,
  settings: WriteSettings,
  context: RunContext,
  onIdChange: (localId: unknown, serverId: string) => void = () => {},
): Promise<void> {
  const pending = context.unansweredCreates(soupName);
  if (pending.attempts.length === 0) return;
  const attemptOf = new Map<number, number>();
  for (const attempt of pending.attempts) {
    for (const id of attempt.soupEntryIds)
      attemptOf.set(id, Math.min(attempt.at, attemptOf.get(id) ?? attempt.at));
  }
  // A server record another local record already holds is never claimed (two
  // local records with the same values are two server records).
  const claimed = new Set(
    (
      context.store.query(
        buildSmartQuerySpec({
          smartSql: `SELECT {${soupName}:${settings.idField}} FROM {${soupName}}`,
          pageSize: 10_000_000,
        }),
      ) as unknown[][]
    ).map((row) => String(row[0])),
  );
  for (let index = 0; index < dirty.length; index++) {
    const entry = dirty[index] as StoredEntry;
    const at = attemptOf.get(entry._soupEntryId);
    if (at === undefined || operationOf(entry, settings.idField) !== 'create') continue;
    const soql = lookupSoql(typeOf(entry), bodyOf(entry, settings.createFields, settings.skip), at);
    if (soql === undefined) continue;
    const page = await context.client.query(soql);
    const serverId = page.records.map((r) => r.Id as string).find((id) => !claimed.has(id));
    if (serverId === undefined) continue;
    claimed.add(serverId);
    // The entry as it is now: an earlier step of this run may have changed it.
    const current = context.store.retrieve(soupName, [entry._soupEntryId])[0] ?? entry;
    const next = {
      ...current,
      [settings.idField]: serverId,
      [LOCALLY_CREATED]: false,
      [LOCALLY_UPDATED]: true,
    };
    context.store.transaction(() => {
      dirty[index] = context.store.upsert(soupName, [next])[0] as StoredEntry;
      onIdChange(entry[settings.idField], serverId);
    });
  }
  pending.clear();
}

function soqlValue(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
    return String(value);
  // A local id (a parent not created yet when this was sent) was never a server value.
  if (
    typeof value === 'string' &&
    value.length <= 255 &&
    !isLocalId(value) &&
    !value.startsWith('@{')
  )
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return undefined;
}

/** `SELECT Id FROM T WHERE CreatedDate >= … AND <field> = <value sent> …`, or undefined with nothing to match. */
function lookupSoql(type: string, body: RestRecord, attempt: number): string | undefined {
  if (!isApiName(type)) return undefined;
  const conditions: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!isApiName(field)) continue;
    const literal = soqlValue(value);
    if (literal !== undefined) conditions.push(`${field} = ${literal}`);
  }
  if (conditions.length === 0) return undefined;
  const since = soqlDateTime(attempt - CREATE_CLOCK_TOLERANCE_MS);
  return `SELECT Id FROM ${type} WHERE CreatedDate >= ${since} AND ${conditions.join(' AND ')} ORDER BY CreatedDate LIMIT 10`;
}

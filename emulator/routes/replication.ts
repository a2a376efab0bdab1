/**
 * The replication resources, `GET …/sobjects/{T}/updated?start&end` (live
 * records whose `SystemModstamp` falls in the window) and
 * `GET …/sobjects/{T}/deleted?start&end` (recycle-bin records, dated by the
 * stamp of their deletion), with the platform's window rules: both dates
 * rounded down to the minute, start before end, start no earlier than 30
 * days (updated) or 15 days (deleted) before the day of the call, and the
 * window covered only up to the org's present minute (`latestDateCovered`).
 */
import { json, notFound, ReplyError, sfError } from '../http.js';
import { formatDateTime, parseDateTime } from '../org/clock.js';
import type { OrgRecord } from '../org/records.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far back each resource reaches, in days before the day of the call. */
const REACH_DAYS = { updated: 30, deleted: 15 } as const;
/** More ids than this in one window answer `EXCEEDED_ID_LIMIT`. */
const MAX_IDS = 600_000;

type Resource = keyof typeof REACH_DAYS;

interface Window {
  readonly start: number;
  /** The end of the window the answer covers: the asked end, or the present minute if earlier. */
  readonly covered: number;
  /** The first minute the resource reaches back to. */
  readonly earliest: number;
}

function invalidDate(message: string): ReplyError {
  return new ReplyError(sfError(400, 'INVALID_REPLICATION_DATE', message));
}

/** A `start`/`end` parameter as ms, rounded down to the minute as the platform does. */
function dateParam(context: RouteContext, name: 'start' | 'end'): number {
  const text = context.request.query.get(name);
  if (text === null || text.trim() === '') {
    throw new ReplyError(
      sfError(400, 'MISSING_ARGUMENT', `${name} is required and must be an ISO 8601 date-time`),
    );
  }
  const ms = parseDateTime(text.trim());
  if (ms === undefined) {
    throw invalidDate(`${name} is not an ISO 8601 date-time: ${text}`);
  }
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function windowOf(context: RouteContext, resource: Resource): Window {
  const start = dateParam(context, 'start');
  const end = dateParam(context, 'end');
  if (start >= end) {
    throw invalidDate('startDate must chronologically precede endDate');
  }
  const now = context.state.clock.now();
  const earliest = Math.floor(now / DAY_MS) * DAY_MS - REACH_DAYS[resource] * DAY_MS;
  if (start < earliest) {
    throw invalidDate(
      `startDate cannot be more than ${REACH_DAYS[resource]} days ago: ${formatDateTime(earliest)} is the earliest date available`,
    );
  }
  return { start, covered: Math.min(end, Math.floor(now / MINUTE_MS) * MINUTE_MS), earliest };
}

function replicatedType(context: RouteContext): TypeSchema {
  const type = context.state.org.schema.type(context.params.type as string);
  if (type === undefined) throw new ReplyError(notFound());
  if (type.describe.value.replicateable === false) {
    throw new ReplyError(
      sfError(400, 'INVALID_TYPE', `sObject type '${type.name}' is not replicateable`),
    );
  }
  return type;
}

/** When a record last changed (or was deleted): `SystemModstamp`, else `LastModifiedDate`. */
function stampOf(record: OrgRecord): number | undefined {
  const text = record.SystemModstamp ?? record.LastModifiedDate;
  return typeof text === 'string' ? parseDateTime(text) : undefined;
}

function inWindow(records: readonly OrgRecord[], window: Window): OrgRecord[] {
  const found = records.filter((record) => {
    const stamp = stampOf(record);
    return stamp !== undefined && stamp >= window.start && stamp < window.covered;
  });
  if (found.length > MAX_IDS) {
    throw new ReplyError(
      sfError(
        400,
        'EXCEEDED_ID_LIMIT',
        `More than ${MAX_IDS} ids in the window; choose start and end dates closer together`,
      ),
    );
  }
  return found.sort((a, b) => (stampOf(a) as number) - (stampOf(b) as number));
}

/** @internal */
export const replicationRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/updated',
    auth: true,
    handle: (context) => {
      const type = replicatedType(context);
      const window = windowOf(context, 'updated');
      return json(200, {
        ids: inWindow(context.state.org.all(type.name), window).map((record) => record.Id),
        latestDateCovered: formatDateTime(window.covered),
      });
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/deleted',
    auth: true,
    handle: (context) => {
      const type = replicatedType(context);
      const window = windowOf(context, 'deleted');
      return json(200, {
        deletedRecords: inWindow(context.state.org.recycleBin(type.name), window).map((record) => ({
          id: record.Id,
          deletedDate: formatDateTime(stampOf(record) as number),
        })),
        earliestDateAvailable: formatDateTime(window.earliest),
        latestDateCovered: formatDateTime(window.covered),
      });
    },
  },
];

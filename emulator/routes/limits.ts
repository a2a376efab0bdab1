/**
 * `GET …/limits`: the org's limits as `{ Name: { Max, Remaining } }`, with the
 * figures of a Developer Edition org. `DailyApiRequests` is the emulator's real
 * count (this call included, as it counts like any other), `DataStorageMB`
 * charges 2 KB per stored record as the platform does for most records; the
 * other limits are never consumed by the emulator, so they stay full.
 */
import { json } from '../http.js';
import type { Route } from '../router.js';
import type { EmulatorState } from '../state.js';

/** Limits the emulator never consumes, with a Developer Edition org's maximums. */
const UNUSED_LIMITS: Readonly<Record<string, number>> = {
  ConcurrentAsyncGetReportInstances: 200,
  ConcurrentSyncReportRuns: 20,
  DailyAsyncApexExecutions: 250_000,
  DailyBulkApiBatches: 15_000,
  DailyBulkV2QueryFileStorageMB: 976_562,
  DailyBulkV2QueryJobs: 10_000,
  DailyDurableGenericStreamingApiEvents: 10_000,
  DailyDurableStreamingApiEvents: 10_000,
  DailyGenericStreamingApiEvents: 10_000,
  DailyStandardVolumePlatformEvents: 10_000,
  DailyStreamingApiEvents: 10_000,
  DailyWorkflowEmails: 390,
  FileStorageMB: 20,
  HourlyAsyncReportRuns: 1_200,
  HourlyDashboardRefreshes: 200,
  HourlyDashboardResults: 5_000,
  HourlyDashboardStatuses: 999_999_999,
  HourlyODataCallout: 10_000,
  HourlySyncReportRuns: 500,
  HourlyTimeBasedWorkflow: 50,
  MassEmail: 10,
  SingleEmail: 15,
  StreamingApiConcurrentClients: 20,
};

const DATA_STORAGE_MB = 5;
const BYTES_PER_RECORD = 2048;

function storedRecords(state: EmulatorState): number {
  let count = 0;
  for (const describe of state.describes.all()) {
    count += state.org.all(describe.name).length + state.org.recycleBin(describe.name).length;
  }
  return count;
}

function limits(state: EmulatorState): Record<string, { Max: number; Remaining: number }> {
  const usedMb = Math.ceil((storedRecords(state) * BYTES_PER_RECORD) / (1024 * 1024));
  const answer: Record<string, { Max: number; Remaining: number }> = {
    DailyApiRequests: {
      Max: state.apiUsage.limit,
      Remaining: Math.max(0, state.apiUsage.limit - state.apiUsage.used),
    },
    // Storage is not enforced: an org seeded past 5 MB reports none left, never a negative figure.
    DataStorageMB: { Max: DATA_STORAGE_MB, Remaining: Math.max(0, DATA_STORAGE_MB - usedMb) },
  };
  for (const [name, max] of Object.entries(UNUSED_LIMITS)) {
    answer[name] = { Max: max, Remaining: max };
  }
  return Object.fromEntries(Object.entries(answer).sort(([a], [b]) => a.localeCompare(b)));
}

/** @internal */
export const limitsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/limits',
    auth: true,
    handle: ({ state }) => json(200, limits(state)),
  },
];

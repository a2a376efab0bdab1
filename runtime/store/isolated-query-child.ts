/**
 * The child process of `runIsolatedQuery`: one request in, one reply out, then
 * exit. Everything it may do is read: the file is opened read-only.
 */
import type { IsolatedQueryReply, IsolatedQueryRequest } from './isolated-query.js';
import { openReadOnlyDatabase } from './open-encrypted.js';
import { streamRowsWithinBudget } from './query-budget.js';
import { StoreError, sqliteCodeOf, toStoreError } from './store-error.js';

function answer(request: IsolatedQueryRequest): IsolatedQueryReply {
  try {
    const db = openReadOnlyDatabase(request.path, request.key, request.cipher);
    try {
      const statement = db.prepare(request.sql);
      if (request.mode === 'raw') statement.raw(true);
      else statement.pluck(true);
      const rows = streamRowsWithinBudget(
        statement,
        request.params,
        request.maxResultBytes,
        request.context,
      );
      return { ok: true, rows };
    } finally {
      db.close();
    }
  } catch (caught) {
    const error = toStoreError(caught, request.context, request.isMatch);
    return {
      ok: false,
      code: error instanceof StoreError ? error.code : undefined,
      sqliteCode: sqliteCodeOf(caught),
      message: error.message,
    };
  }
}

process.once('message', (request: IsolatedQueryRequest) => {
  process.send?.(answer(request), () => process.exit(0));
});

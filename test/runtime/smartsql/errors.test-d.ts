import { describe, expectTypeOf, it } from 'vitest';
import type { SmartSqlProblem } from '../../../runtime/smartsql/diagnostics.js';
import type {
  SmartSqlDiagnosticCode,
  SmartSqlError,
  SmartSqlErrorCode,
} from '../../../runtime/smartsql/index.js';
import type { LexResult } from '../../../runtime/smartsql/lexer.js';

describe('Smart SQL error types', () => {
  it('SmartSqlError narrows code to the error codes (warnings are never thrown)', () => {
    expectTypeOf<SmartSqlError['code']>().toEqualTypeOf<SmartSqlErrorCode>();
    expectTypeOf<'SMARTSQL_UNINDEXED_PATH'>().not.toMatchTypeOf<SmartSqlError['code']>();
  });

  it('every stage reports one problem shape', () => {
    expectTypeOf<LexResult['problems'][number]>().toEqualTypeOf<SmartSqlProblem>();
    expectTypeOf<SmartSqlProblem['code']>().toEqualTypeOf<SmartSqlDiagnosticCode>();
  });
});

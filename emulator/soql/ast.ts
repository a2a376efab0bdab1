/**
 * SOQL as the emulator evaluates it: a tagged union built from the parser's
 * output by `parse.ts`, with WHERE as a proper tree (AND binds tighter than OR).
 */

export interface SoqlQuery {
  readonly from: string;
  readonly select: readonly SelectItem[];
  readonly where: Condition | undefined;
  readonly groupBy: GroupBy | undefined;
  readonly having: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  /** `FOR VIEW` / `FOR REFERENCE`: the returned records are marked recently viewed/referenced. */
  readonly forClause: 'VIEW' | 'REFERENCE' | undefined;
}

/** A child sub-query: `(SELECT … FROM Contacts …)`; `from` is the relationship name. */
export type SubQuery = SoqlQuery;

/** The date functions of SOQL (`CALENDAR_YEAR(CreatedDate)` …). */
export const DATE_FUNCTIONS = [
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR',
] as const;
export type DateFunction = (typeof DATE_FUNCTIONS)[number];

export const AGGREGATE_FUNCTIONS = ['AVG', 'COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** A value of one record: a field path, or a date function of one. */
export type RowExpression =
  | { readonly kind: 'field'; readonly path: readonly string[] }
  | { readonly kind: 'date'; readonly fn: DateFunction; readonly path: readonly string[] };

/** A value of a record, or (in aggregate queries) of a group. */
export type Expression =
  | RowExpression
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly arg: RowExpression }
  | { readonly kind: 'grouping'; readonly path: readonly string[] };

export type FieldsGroup = 'STANDARD' | 'CUSTOM' | 'ALL';

export type SelectItem =
  | { readonly kind: 'field'; readonly path: readonly string[]; readonly alias?: string }
  | { readonly kind: 'expression'; readonly expression: Expression; readonly alias?: string }
  | { readonly kind: 'fields'; readonly group: FieldsGroup }
  | { readonly kind: 'subquery'; readonly query: SubQuery }
  | { readonly kind: 'count' };

/** GROUP BY: plain, or with `ROLLUP` / `CUBE` subtotal rows. */
export interface GroupBy {
  readonly kind: 'plain' | 'rollup' | 'cube';
  readonly items: readonly RowExpression[];
}

export interface OrderItem {
  readonly expression: Expression;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'datetime'; readonly ms: number }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'dateLiteral'; readonly name: string; readonly n: number | undefined };

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly expression: Expression;
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly expression: Expression;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | {
      /** `INCLUDES` / `EXCLUDES` on a multi-select picklist: each value is a set of picks (`'a;b'`). */
      readonly kind: 'includes';
      readonly path: readonly string[];
      readonly negated: boolean;
      readonly values: readonly (readonly string[])[];
    }
  | {
      readonly kind: 'semiJoin';
      readonly path: readonly string[];
      readonly negated: boolean;
      readonly query: SoqlQuery;
    };

export type SoqlErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR';

/** A query the platform would refuse: its error code and message. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: SoqlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The platform's message shape for a refused query: the query, the position,
 * then the detail.
 */
export function queryError(code: SoqlErrorCode, text: string, detail: string): SoqlError {
  return new SoqlError(code, `\n${text}\nERROR at Row:1:Column:1\n${detail}`);
}

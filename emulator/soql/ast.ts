/**
 * SOQL as the emulator evaluates it: a tagged union built from the parser's
 * output by `parse.ts`, with WHERE as a proper tree (AND binds tighter than OR).
 */

export interface SoqlQuery {
  readonly from: string;
  readonly select: readonly SelectItem[];
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

/** A child sub-query: `(SELECT … FROM Contacts …)`; `from` is the relationship name. */
export type SubQuery = SoqlQuery;

export type SelectItem =
  | { readonly kind: 'field'; readonly path: readonly string[] }
  | { readonly kind: 'subquery'; readonly query: SubQuery }
  | { readonly kind: 'count' };

export interface OrderItem {
  readonly path: readonly string[];
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
      readonly path: readonly string[];
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly path: readonly string[];
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | {
      readonly kind: 'semiJoin';
      readonly path: readonly string[];
      readonly negated: boolean;
      readonly query: SoqlQuery;
    };

/** A query the platform would refuse: its error code and message. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

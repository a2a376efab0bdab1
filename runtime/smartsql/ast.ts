/**
 * The Smart SQL AST: a tagged union on `kind`. Nodes carry `start`/`end`
 * offsets into the source text (end exclusive) for diagnostics. The tree keeps
 * the user's parentheses (`paren` nodes) and operator spelling, so printing it
 * back yields the same token sequence SQLite would have parsed.
 */

/** Source span of a node: offsets into the Smart SQL text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A name as written (plain or quoted) — printed back verbatim. */
export interface NameNode extends Span {
  readonly kind: 'name';
  readonly text: string;
}

/** `{soup}` or `{soup}_fts` as written; `soupName` is the text between the braces. */
export interface SoupRefNode extends Span {
  readonly kind: 'soupRef';
  readonly soupName: string;
  readonly fts: boolean;
}

export type LiteralType = 'number' | 'string' | 'blob' | 'null';

export interface LiteralNode extends Span {
  readonly kind: 'literal';
  readonly literalType: LiteralType;
  /** The token text, e.g. `'it''s'`, `1.5e3`, `X'00'`, `NULL`. */
  readonly raw: string;
}

/** A `?` placeholder; `index` is its 0-based position among the query's `?`. */
export interface ParameterNode extends Span {
  readonly kind: 'parameter';
  readonly index: number;
}

/** Qualifier written before a soup path: `alias.{s:p}` or `{soup}.{s:p}`. */
export type Qualifier = NameNode | SoupRefNode;

/** `{soup:path}`, possibly qualified. */
export interface SoupPathNode extends Span {
  readonly kind: 'soupPath';
  readonly soupName: string;
  readonly path: string;
  readonly qualifier: Qualifier | undefined;
}

/** `{soup}` or `{soup}_fts` used as a value (e.g. `{s}_fts MATCH ?`, `bm25({s}_fts)`). */
export interface TableValueNode extends Span {
  readonly kind: 'tableValue';
  readonly table: SoupRefNode;
}

/** A plain column reference: `name`, `t.name`, `{soup}.name`. */
export interface ColumnNode extends Span {
  readonly kind: 'column';
  readonly qualifier: Qualifier | undefined;
  readonly name: NameNode;
}

export type UnaryOperator = 'NOT' | '-' | '+' | '~';

export interface UnaryNode extends Span {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
}

/** Binary operators, normalised to upper case for keywords, as written for symbols. */
export type BinaryOperatorText =
  | 'OR'
  | 'AND'
  | '='
  | '=='
  | '!='
  | '<>'
  | 'IS'
  | 'IS NOT'
  | '<'
  | '<='
  | '>'
  | '>='
  | '&'
  | '|'
  | '<<'
  | '>>'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | '->'
  | '->>';

export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly operator: BinaryOperatorText;
  readonly left: Expression;
  readonly right: Expression;
}

export type PatternOperator = 'LIKE' | 'GLOB' | 'REGEXP' | 'MATCH';

/** `a [NOT] LIKE|GLOB|REGEXP|MATCH b [ESCAPE c]`. */
export interface PatternNode extends Span {
  readonly kind: 'pattern';
  readonly operator: PatternOperator;
  readonly not: boolean;
  readonly left: Expression;
  readonly right: Expression;
  readonly escape: Expression | undefined;
}

export interface BetweenNode extends Span {
  readonly kind: 'between';
  readonly not: boolean;
  readonly operand: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

/** `a [NOT] IN (list)` or `a [NOT] IN (select)`. */
export interface InNode extends Span {
  readonly kind: 'in';
  readonly not: boolean;
  readonly operand: Expression;
  readonly target: readonly Expression[] | SelectStatementNode;
}

/** `a ISNULL`, `a NOTNULL`, `a NOT NULL` (spelling kept). */
export interface NullTestNode extends Span {
  readonly kind: 'nullTest';
  readonly spelling: 'ISNULL' | 'NOTNULL' | 'NOT NULL';
  readonly operand: Expression;
}

export interface FunctionCallNode extends Span {
  readonly kind: 'functionCall';
  readonly name: NameNode;
  readonly distinct: boolean;
  /** `'*'` for `count(*)`. */
  readonly args: readonly Expression[] | '*';
  /** `FILTER (WHERE …)` of an aggregate. */
  readonly filter: Expression | undefined;
  /** `OVER (…)` of a window function. */
  readonly over: WindowNode | undefined;
}

/** `OVER ( [PARTITION BY …] [ORDER BY …] )`. */
export interface WindowNode extends Span {
  readonly kind: 'window';
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly OrderingTermNode[];
}

/** `( expr [, expr]* )`: a parenthesised expression or a row value. */
export interface ParenNode extends Span {
  readonly kind: 'paren';
  readonly items: readonly Expression[];
}

export interface SubqueryNode extends Span {
  readonly kind: 'subquery';
  readonly select: SelectStatementNode;
}

export interface ExistsNode extends Span {
  readonly kind: 'exists';
  readonly select: SelectStatementNode;
}

export interface CastNode extends Span {
  readonly kind: 'cast';
  readonly operand: Expression;
  /** Type name as written, e.g. `INTEGER`, `VARCHAR(10)`. */
  readonly typeName: string;
}

export interface CaseNode extends Span {
  readonly kind: 'case';
  readonly operand: Expression | undefined;
  readonly branches: readonly { readonly when: Expression; readonly result: Expression }[];
  readonly otherwise: Expression | undefined;
}

export interface CollateNode extends Span {
  readonly kind: 'collate';
  readonly operand: Expression;
  readonly collation: NameNode;
}

export type Expression =
  | LiteralNode
  | ParameterNode
  | SoupPathNode
  | TableValueNode
  | ColumnNode
  | UnaryNode
  | BinaryNode
  | PatternNode
  | BetweenNode
  | InNode
  | NullTestNode
  | FunctionCallNode
  | ParenNode
  | SubqueryNode
  | ExistsNode
  | CastNode
  | CaseNode
  | CollateNode;

/** `*`. */
export interface StarColumnNode extends Span {
  readonly kind: 'starColumn';
}

/** `alias.*` or `{soup}.*`. */
export interface TableStarColumnNode extends Span {
  readonly kind: 'tableStarColumn';
  readonly table: Qualifier;
}

export interface ExpressionColumnNode extends Span {
  readonly kind: 'expressionColumn';
  readonly expression: Expression;
  /** `AS alias` (or bare alias); the raw text, which may be quoted. */
  readonly alias: string | undefined;
}

export type ResultColumn = StarColumnNode | TableStarColumnNode | ExpressionColumnNode;

/** A soup's table (`{soup}`) or its full-text table (`{soup}_fts`) in FROM. */
export interface SoupSourceNode extends Span {
  readonly kind: 'soupSource';
  readonly table: SoupRefNode;
  readonly alias: string | undefined;
}

/** `( select ) [alias]` in FROM. */
export interface SubquerySourceNode extends Span {
  readonly kind: 'subquerySource';
  readonly select: SelectStatementNode;
  readonly alias: string | undefined;
}

/**
 * `json_each(…)` / `json_tree(…)` in FROM: read-only table-valued functions over
 * JSON, e.g. an array inside an entry (`json_each({s:_soup}, '$.tags')`).
 */
export interface TableFunctionSourceNode extends Span {
  readonly kind: 'tableFunctionSource';
  readonly name: NameNode;
  readonly args: readonly Expression[];
  readonly alias: string | undefined;
}

/** A plain table name or another table-valued function in FROM: always refused by the compiler. */
export interface NamedSourceNode extends Span {
  readonly kind: 'namedSource';
  readonly name: string;
  readonly isFunction: boolean;
}

export type TableSource =
  | SoupSourceNode
  | SubquerySourceNode
  | TableFunctionSourceNode
  | NamedSourceNode;

export interface JoinNode extends Span {
  readonly kind: 'join';
  /** `,` or the join keywords upper-cased, e.g. `LEFT OUTER JOIN`. */
  readonly operator: string;
  readonly source: TableSource;
  readonly on: Expression | undefined;
  readonly using: readonly NameNode[] | undefined;
}

export interface FromNode extends Span {
  readonly kind: 'from';
  readonly first: TableSource;
  readonly joins: readonly JoinNode[];
}

export interface SelectCoreNode extends Span {
  readonly kind: 'selectCore';
  readonly quantifier: 'DISTINCT' | 'ALL' | undefined;
  readonly columns: readonly ResultColumn[];
  readonly from: FromNode | undefined;
  readonly where: Expression | undefined;
  readonly groupBy: readonly Expression[];
  readonly having: Expression | undefined;
}

export interface OrderingTermNode extends Span {
  readonly kind: 'orderingTerm';
  readonly expression: Expression;
  readonly direction: 'ASC' | 'DESC' | undefined;
  readonly nulls: 'FIRST' | 'LAST' | undefined;
}

export interface LimitNode extends Span {
  readonly kind: 'limit';
  readonly limit: Expression;
  /** `LIMIT a OFFSET b` → offset b; `LIMIT a, b` is kept as written (`comma: true`, a = offset). */
  readonly second: Expression | undefined;
  readonly comma: boolean;
}

export interface SelectStatementNode extends Span {
  readonly kind: 'selectStatement';
  readonly first: SelectCoreNode;
  readonly compounds: readonly {
    readonly operator: 'UNION' | 'UNION ALL' | 'INTERSECT' | 'EXCEPT';
    readonly core: SelectCoreNode;
  }[];
  readonly orderBy: readonly OrderingTermNode[];
  readonly limit: LimitNode | undefined;
}

/** Every node kind, for exhaustive visitors. */
export type AstNode =
  | Expression
  | ResultColumn
  | TableSource
  | NameNode
  | SoupRefNode
  | JoinNode
  | FromNode
  | SelectCoreNode
  | OrderingTermNode
  | WindowNode
  | LimitNode
  | SelectStatementNode;

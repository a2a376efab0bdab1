/**
 * CST → AST. A visitor over the parser's CST (validated against the grammar at
 * construction) that produces the tagged-union AST of `ast.ts`. Expressions
 * arrive flat from the parser (a term, then operator tails); `ExpressionBuilder`
 * applies SQLite's operator precedence to them.
 */

import { SoupkitError } from '../errors.js';
import type {
  BinaryOperatorText,
  Expression,
  FromNode,
  JoinNode,
  LimitNode,
  NameNode,
  OrderingTermNode,
  PatternOperator,
  Qualifier,
  ResultColumn,
  SelectCoreNode,
  SelectStatementNode,
  SoupRefNode,
  TableSource,
  WindowNode,
} from './ast.js';
import type {
  AliasCstChildren,
  CaseExprCstChildren,
  CastExprCstChildren,
  CompoundOperatorCstChildren,
  ExistsExprCstChildren,
  ExpressionCstChildren,
  ExprTailCstChildren,
  ExprTermCstChildren,
  FromClauseCstChildren,
  FunctionArgsCstChildren,
  IdentifierTermCstChildren,
  InTargetCstChildren,
  JoinClauseCstChildren,
  LimitClauseCstChildren,
  OrderByClauseCstChildren,
  OrderingTermCstChildren,
  ParenExprCstChildren,
  ResultColumnCstChildren,
  SelectCoreCstChildren,
  SelectStatementCstChildren,
  SelectStatementCstNode,
  SoupTermCstChildren,
  StatementCstChildren,
  StatementCstNode,
  TableSourceCstChildren,
  WindowSpecCstChildren,
} from './cst.js';
import type { SmartSqlErrorCode } from './diagnostics.js';
import { BaseSmartSqlVisitor, type CstNode, type IToken } from './parser.js';

/** A problem found while building the AST (before any catalog lookup). */
export interface BuildProblem {
  readonly code: SmartSqlErrorCode;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** The table-valued functions allowed in FROM (read-only, over JSON values). */
const JSON_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['json_each', 'json_tree']);

// Shared empty list for absent CST children (avoids an allocation per node).
const NONE: readonly never[] = Object.freeze([]);

function end(token: IToken): number {
  return token.startOffset + token.image.length;
}

function nameNode(token: IToken): NameNode {
  return { kind: 'name', text: token.image, start: token.startOffset, end: end(token) };
}

function cstMismatch(): SoupkitError {
  return new SoupkitError('INTERNAL', 'Smart SQL CST shape does not match the grammar');
}

function first<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw cstMismatch();
  return item;
}

// Precedence levels, higher binds tighter (SQLite's table, lowest first).
const PREC_OR = 1;
const PREC_AND = 2;
const PREC_NOT = 3;
const PREC_EQUALITY = 4;
const PREC_COMPARISON = 5;
const PREC_BITWISE = 6;
const PREC_ADDITIVE = 7;
const PREC_MULTIPLICATIVE = 8;
const PREC_CONCAT = 9;

const BINARY_PRECEDENCE: Readonly<Record<BinaryOperatorText, number>> = {
  OR: PREC_OR,
  AND: PREC_AND,
  '=': PREC_EQUALITY,
  '==': PREC_EQUALITY,
  '!=': PREC_EQUALITY,
  '<>': PREC_EQUALITY,
  IS: PREC_EQUALITY,
  'IS NOT': PREC_EQUALITY,
  '<': PREC_COMPARISON,
  '<=': PREC_COMPARISON,
  '>': PREC_COMPARISON,
  '>=': PREC_COMPARISON,
  '&': PREC_BITWISE,
  '|': PREC_BITWISE,
  '<<': PREC_BITWISE,
  '>>': PREC_BITWISE,
  '+': PREC_ADDITIVE,
  '-': PREC_ADDITIVE,
  '*': PREC_MULTIPLICATIVE,
  '/': PREC_MULTIPLICATIVE,
  '%': PREC_MULTIPLICATIVE,
  '||': PREC_CONCAT,
  '->': PREC_CONCAT,
  '->>': PREC_CONCAT,
};

interface Term {
  readonly prefixes: readonly IToken[];
  readonly node: Expression;
}

type Tail =
  | { readonly type: 'binary'; readonly operator: BinaryOperatorText; readonly right: Term }
  | {
      readonly type: 'nullTest';
      readonly spelling: 'ISNULL' | 'NOTNULL' | 'NOT NULL';
      readonly end: number;
    }
  | {
      readonly type: 'in';
      readonly not: boolean;
      readonly target: readonly Expression[] | SelectStatementNode;
      readonly end: number;
    }
  | {
      readonly type: 'pattern';
      readonly operator: PatternOperator;
      readonly not: boolean;
      readonly right: Term;
    }
  | { readonly type: 'between'; readonly not: boolean; readonly low: Term }
  | { readonly type: 'escape'; readonly right: Term; readonly offset: number };

function tailPrecedence(tail: Tail): number {
  switch (tail.type) {
    case 'binary':
      return BINARY_PRECEDENCE[tail.operator];
    case 'nullTest':
    case 'in':
    case 'pattern':
    case 'between':
      return PREC_EQUALITY;
    case 'escape':
      // Only meaningful right after a pattern's operand; handled there.
      return PREC_EQUALITY;
  }
}

/**
 * The CST visitor. One instance is reused; `build` resets its per-query state.
 */
class AstBuilder extends BaseSmartSqlVisitor {
  #problems: BuildProblem[] = [];
  #parameterCount = 0;
  readonly #expressions = new ExpressionBuilder();

  constructor() {
    super();
    this.validateVisitor();
  }

  build(cst: CstNode): {
    statement: SelectStatementNode;
    parameterCount: number;
    problems: BuildProblem[];
  } {
    this.#problems = [];
    // The visitor builds every node in source order, so counting numbers `?` left to right.
    this.#parameterCount = 0;
    const statement = this.statement((cst as StatementCstNode).children);
    return { statement, parameterCount: this.#parameterCount, problems: this.#problems };
  }

  #problem(code: SmartSqlErrorCode, message: string, offset: number, length: number): void {
    this.#problems.push({ code, message, offset, length });
  }

  statement(ctx: StatementCstChildren): SelectStatementNode {
    return this.selectStatement(first(ctx.selectStatement).children);
  }

  selectStatement(ctx: SelectStatementCstChildren): SelectStatementNode {
    const cores = ctx.selectCore.map((core) => this.selectCore(core.children));
    const operators = (ctx.compoundOperator ?? NONE).map((op) =>
      this.compoundOperator(op.children),
    );
    const firstCore = first(cores);
    const compounds = operators.map((operator, i) => {
      const core = cores[i + 1];
      if (core === undefined) throw cstMismatch();
      return { operator, core };
    });
    const orderBy = ctx.orderByClause ? this.orderByClause(first(ctx.orderByClause).children) : [];
    const limit = ctx.limitClause ? this.limitClause(first(ctx.limitClause).children) : undefined;
    const last = cores[cores.length - 1] ?? firstCore;
    const endOffset = limit?.end ?? orderBy[orderBy.length - 1]?.end ?? last.end;
    return {
      kind: 'selectStatement',
      first: firstCore,
      compounds,
      orderBy,
      limit,
      start: firstCore.start,
      end: endOffset,
    };
  }

  compoundOperator(
    ctx: CompoundOperatorCstChildren,
  ): 'UNION' | 'UNION ALL' | 'INTERSECT' | 'EXCEPT' {
    const op = first(ctx.CompoundOperator).image.toUpperCase();
    if (op === 'UNION') return ctx.All ? 'UNION ALL' : 'UNION';
    return op === 'INTERSECT' ? 'INTERSECT' : 'EXCEPT';
  }

  selectCore(ctx: SelectCoreCstChildren): SelectCoreNode {
    const select = first(ctx.Select);
    const columns = ctx.resultColumn.map((column) => this.resultColumn(column.children));
    const from = ctx.fromClause ? this.fromClause(first(ctx.fromClause).children) : undefined;
    const where = ctx.where ? this.expression(first(ctx.where).children) : undefined;
    const groupBy = (ctx.groupBy ?? NONE).map((e) => this.expression(e.children));
    const having = ctx.having ? this.expression(first(ctx.having).children) : undefined;
    const endOffset =
      having?.end ??
      groupBy[groupBy.length - 1]?.end ??
      where?.end ??
      from?.end ??
      columns[columns.length - 1]?.end ??
      end(select);
    return {
      kind: 'selectCore',
      quantifier: ctx.Distinct ? 'DISTINCT' : ctx.All ? 'ALL' : undefined,
      columns,
      from,
      where,
      groupBy,
      having,
      start: select.startOffset,
      end: endOffset,
    };
  }

  resultColumn(ctx: ResultColumnCstChildren): ResultColumn {
    if (ctx.expression) {
      const expression = this.expression(first(ctx.expression).children);
      const alias = ctx.alias ? this.alias(first(ctx.alias).children) : undefined;
      return {
        kind: 'expressionColumn',
        expression,
        alias: alias?.text,
        start: expression.start,
        end: alias?.end ?? expression.end,
      };
    }
    const star = first(ctx.Star);
    const tableToken = ctx.starTable?.[0] ?? ctx.starSoup?.[0];
    if (tableToken === undefined) {
      return { kind: 'starColumn', start: star.startOffset, end: end(star) };
    }
    const table: Qualifier = ctx.starSoup ? this.#soupRef(tableToken, false) : nameNode(tableToken);
    return { kind: 'tableStarColumn', table, start: tableToken.startOffset, end: end(star) };
  }

  alias(ctx: AliasCstChildren): { text: string; end: number } {
    const token = ctx.Identifier?.[0] ?? first(ctx.StringLiteral);
    return { text: token.image, end: end(token) };
  }

  fromClause(ctx: FromClauseCstChildren): FromNode {
    const firstSource = this.tableSource(first(ctx.tableSource).children);
    const joins = (ctx.joinClause ?? NONE).map((join) => this.joinClause(join.children));
    return {
      kind: 'from',
      first: firstSource,
      joins,
      start: firstSource.start,
      end: joins[joins.length - 1]?.end ?? firstSource.end,
    };
  }

  joinClause(ctx: JoinClauseCstChildren): JoinNode {
    const source = this.tableSource(first(ctx.tableSource).children);
    let operator: string;
    let start: number;
    if (ctx.Comma) {
      operator = ',';
      start = first(ctx.Comma).startOffset;
    } else {
      const words = [...(ctx.JoinKeyword ?? []), first(ctx.Join)];
      operator = words.map((w) => w.image.toUpperCase()).join(' ');
      start = first(words).startOffset;
    }
    const on = ctx.on ? this.expression(first(ctx.on).children) : undefined;
    const using = ctx.using?.map(nameNode);
    const rParen = ctx.RParen?.[0];
    return {
      kind: 'join',
      operator,
      source,
      on,
      using,
      start,
      end: on?.end ?? (rParen ? end(rParen) : source.end),
    };
  }

  tableSource(ctx: TableSourceCstChildren): TableSource {
    const alias = ctx.alias ? this.alias(first(ctx.alias).children) : undefined;
    const soupToken = ctx.SoupRef?.[0] ?? ctx.FtsTableRef?.[0];
    if (soupToken) {
      const table = this.#soupRef(soupToken, ctx.FtsTableRef !== undefined);
      return {
        kind: 'soupSource',
        table,
        alias: alias?.text,
        start: table.start,
        end: alias?.end ?? table.end,
      };
    }
    if (ctx.selectStatement) {
      const select = this.selectStatement(first(ctx.selectStatement).children);
      return {
        kind: 'subquerySource',
        select,
        alias: alias?.text,
        start: first(ctx.LParen).startOffset,
        end: alias?.end ?? end(first(ctx.RParen)),
      };
    }
    const names = ctx.tableName ?? [];
    const head = first(names);
    const tail = names[names.length - 1] ?? head;
    const functionArgs = ctx.functionArgs?.[0];
    if (
      functionArgs !== undefined &&
      names.length === 1 &&
      JSON_TABLE_FUNCTIONS.has(head.image.toLowerCase())
    ) {
      const call = this.functionArgs(functionArgs.children);
      return {
        kind: 'tableFunctionSource',
        name: nameNode(head),
        args: call.args === '*' ? NONE : call.args,
        alias: alias?.text,
        start: head.startOffset,
        end: alias?.end ?? call.end,
      };
    }
    return {
      kind: 'namedSource',
      name: names.map((n) => n.image).join('.'),
      isFunction: functionArgs !== undefined,
      start: head.startOffset,
      end: end(tail),
    };
  }

  orderByClause(ctx: OrderByClauseCstChildren): OrderingTermNode[] {
    return ctx.orderingTerm.map((term) => this.orderingTerm(term.children));
  }

  orderingTerm(ctx: OrderingTermCstChildren): OrderingTermNode {
    const expression = this.expression(first(ctx.expression).children);
    const directionToken = ctx.Asc?.[0] ?? ctx.Desc?.[0];
    const nullsToken = ctx.First?.[0] ?? ctx.Last?.[0];
    return {
      kind: 'orderingTerm',
      expression,
      direction: ctx.Asc ? 'ASC' : ctx.Desc ? 'DESC' : undefined,
      nulls: ctx.First ? 'FIRST' : ctx.Last ? 'LAST' : undefined,
      start: expression.start,
      end: nullsToken ? end(nullsToken) : directionToken ? end(directionToken) : expression.end,
    };
  }

  limitClause(ctx: LimitClauseCstChildren): LimitNode {
    const limit = this.expression(first(ctx.first).children);
    const second = ctx.second ? this.expression(first(ctx.second).children) : undefined;
    return {
      kind: 'limit',
      limit,
      second,
      comma: ctx.Comma !== undefined,
      start: first(ctx.Limit).startOffset,
      end: second?.end ?? limit.end,
    };
  }

  expression(ctx: ExpressionCstChildren): Expression {
    const head = this.exprTerm(first(ctx.exprTerm).children);
    const tailNodes = ctx.exprTail;
    // Most expressions are a single term: nothing to order.
    if (tailNodes === undefined && head.prefixes.length === 0) return head.node;
    const tails =
      tailNodes === undefined ? [] : tailNodes.map((tail) => this.exprTail(tail.children));
    // Terms and tails are fully built above, so the precedence pass never re-enters.
    return this.#expressions.run(tails, head, this.#problems);
  }

  exprTail(ctx: ExprTailCstChildren): Tail {
    const termNode = ctx.exprTerm?.[0];
    const right: Term | undefined = termNode ? this.exprTerm(termNode.children) : undefined;
    if (right === undefined) {
      if (ctx.Isnull) return { type: 'nullTest', spelling: 'ISNULL', end: end(first(ctx.Isnull)) };
      if (ctx.Notnull) {
        return { type: 'nullTest', spelling: 'NOTNULL', end: end(first(ctx.Notnull)) };
      }
      if (ctx.Null) return { type: 'nullTest', spelling: 'NOT NULL', end: end(first(ctx.Null)) };
      const target = this.inTarget(first(ctx.inTarget).children);
      return { type: 'in', not: ctx.Not !== undefined, target: target.target, end: target.end };
    }
    if (ctx.BinaryOperator) {
      const op = first(ctx.BinaryOperator).image.toUpperCase() as BinaryOperatorText;
      return { type: 'binary', operator: op, right };
    }
    if (ctx.Is) {
      return { type: 'binary', operator: ctx.Not ? 'IS NOT' : 'IS', right };
    }
    const not = ctx.Not !== undefined;
    if (ctx.LikeOperator) {
      const operator = first(ctx.LikeOperator).image.toUpperCase() as PatternOperator;
      return { type: 'pattern', operator, not, right };
    }
    if (ctx.Between) return { type: 'between', not, low: right };
    return {
      type: 'escape',
      right,
      offset: first(ctx.Escape).startOffset,
    };
  }

  inTarget(ctx: InTargetCstChildren): {
    target: readonly Expression[] | SelectStatementNode;
    end: number;
  } {
    const endOffset = end(first(ctx.RParen));
    if (ctx.selectStatement) {
      return { target: this.selectStatement(first(ctx.selectStatement).children), end: endOffset };
    }
    return {
      target: (ctx.expression ?? []).map((e) => this.expression(e.children)),
      end: endOffset,
    };
  }

  exprTerm(ctx: ExprTermCstChildren): Term {
    const prefixes: readonly IToken[] = ctx.PrefixOperator ?? NONE;
    let node = this.#primary(ctx);
    const collation = ctx.collation?.[0];
    if (collation) {
      node = {
        kind: 'collate',
        operand: node,
        collation: nameNode(collation),
        start: node.start,
        end: end(collation),
      };
    }
    return { prefixes, node };
  }

  #primary(ctx: ExprTermCstChildren): Expression {
    // Most frequent alternatives first: each miss is a dictionary lookup on the CST.
    const soupPath = ctx.SoupPathRef;
    if (soupPath !== undefined) return this.#soupPath(first(soupPath), undefined);
    const literal =
      ctx.NumberLiteral?.[0] ?? ctx.StringLiteral?.[0] ?? ctx.BlobLiteral?.[0] ?? ctx.Null?.[0];
    if (literal) {
      return {
        kind: 'literal',
        literalType: ctx.NumberLiteral
          ? 'number'
          : ctx.StringLiteral
            ? 'string'
            : ctx.BlobLiteral
              ? 'blob'
              : 'null',
        raw: ctx.Null ? 'NULL' : literal.image,
        start: literal.startOffset,
        end: end(literal),
      };
    }
    if (ctx.Parameter) {
      const token = first(ctx.Parameter);
      return {
        kind: 'parameter',
        index: this.#parameterCount++,
        start: token.startOffset,
        end: end(token),
      };
    }
    if (ctx.NamedParameter) {
      const token = first(ctx.NamedParameter);
      this.#problem(
        'SMARTSQL_UNSUPPORTED',
        `Parameter ${token.image} is not supported: Smart SQL binds positional "?" parameters only`,
        token.startOffset,
        token.image.length,
      );
      return { kind: 'parameter', index: 0, start: token.startOffset, end: end(token) };
    }
    if (ctx.soupTerm) return this.soupTerm(first(ctx.soupTerm).children);
    if (ctx.identifierTerm) return this.identifierTerm(first(ctx.identifierTerm).children);
    if (ctx.parenExpr) return this.parenExpr(first(ctx.parenExpr).children);
    if (ctx.castExpr) return this.castExpr(first(ctx.castExpr).children);
    if (ctx.caseExpr) return this.caseExpr(first(ctx.caseExpr).children);
    return this.existsExpr(first(ctx.existsExpr).children);
  }

  soupTerm(ctx: SoupTermCstChildren): Expression {
    const token = ctx.SoupRef?.[0] ?? first(ctx.FtsTableRef);
    const table = this.#soupRef(token, ctx.FtsTableRef !== undefined);
    const path = ctx.SoupPathRef?.[0];
    if (path) return this.#soupPath(path, table);
    const member = ctx.Identifier?.[0];
    if (member) {
      return {
        kind: 'column',
        qualifier: table,
        name: nameNode(member),
        start: table.start,
        end: end(member),
      };
    }
    return { kind: 'tableValue', table, start: table.start, end: table.end };
  }

  identifierTerm(ctx: IdentifierTermCstChildren): Expression {
    const name = nameNode(first(ctx.name));
    if (ctx.functionArgs) {
      const args = this.functionArgs(first(ctx.functionArgs).children);
      return {
        kind: 'functionCall',
        name,
        distinct: args.distinct,
        args: args.args,
        filter: args.filter,
        over: args.over,
        start: name.start,
        end: args.end,
      };
    }
    const path = ctx.SoupPathRef?.[0];
    if (path) return this.#soupPath(path, name);
    const member = ctx.member?.[0];
    if (member) {
      return {
        kind: 'column',
        qualifier: name,
        name: nameNode(member),
        start: name.start,
        end: end(member),
      };
    }
    return { kind: 'column', qualifier: undefined, name, start: name.start, end: name.end };
  }

  functionArgs(ctx: FunctionArgsCstChildren): {
    distinct: boolean;
    args: readonly Expression[] | '*';
    filter: Expression | undefined;
    over: WindowNode | undefined;
    end: number;
  } {
    // Arguments are built before FILTER and OVER: source order numbers `?`.
    const args: readonly Expression[] | '*' = ctx.Star
      ? '*'
      : (ctx.expression ?? []).map((e) => this.expression(e.children));
    const filter = ctx.filter ? this.expression(first(ctx.filter).children) : undefined;
    const over = ctx.windowSpec ? this.windowSpec(first(ctx.windowSpec).children) : undefined;
    const parens = ctx.RParen ?? [];
    const lastParen = end(first(parens.slice(-1)));
    return {
      distinct: ctx.Distinct !== undefined,
      args,
      filter,
      over,
      end: over?.end ?? lastParen,
    };
  }

  windowSpec(ctx: WindowSpecCstChildren): WindowNode {
    const partitionBy = (ctx.partitionBy ?? []).map((e) => this.expression(e.children));
    const orderBy = ctx.orderByClause ? this.orderByClause(first(ctx.orderByClause).children) : [];
    return {
      kind: 'window',
      partitionBy,
      orderBy,
      start: first(ctx.LParen).startOffset,
      end: end(first(ctx.RParen)),
    };
  }

  parenExpr(ctx: ParenExprCstChildren): Expression {
    const start = first(ctx.LParen).startOffset;
    const endOffset = end(first(ctx.RParen));
    if (ctx.selectStatement) {
      return {
        kind: 'subquery',
        select: this.#select(ctx.selectStatement),
        start,
        end: endOffset,
      };
    }
    const items = (ctx.expression ?? []).map((e) => this.expression(e.children));
    return { kind: 'paren', items, start, end: endOffset };
  }

  castExpr(ctx: CastExprCstChildren): Expression {
    const operand = this.expression(first(ctx.expression).children);
    const words = (ctx.typeName ?? []).map((t) => t.image).join(' ');
    const sizes = ctx.typeSize?.map((t) => t.image);
    const parens = ctx.RParen ?? [];
    return {
      kind: 'cast',
      operand,
      typeName: sizes ? `${words}(${sizes.join(', ')})` : words,
      start: first(ctx.Cast).startOffset,
      end: end(first(parens.slice(-1))),
    };
  }

  caseExpr(ctx: CaseExprCstChildren): Expression {
    const operand = ctx.operand ? this.expression(first(ctx.operand).children) : undefined;
    // WHEN and THEN interleave in the text; build them in that order (parameter numbering).
    const whenNodes = ctx.when ?? [];
    const thenNodes = ctx.then ?? [];
    const branches: { when: Expression; result: Expression }[] = [];
    for (let i = 0; i < whenNodes.length; i++) {
      const whenNode = whenNodes[i];
      const thenNode = thenNodes[i];
      if (whenNode === undefined || thenNode === undefined) throw cstMismatch();
      const when = this.expression(whenNode.children);
      branches.push({ when, result: this.expression(thenNode.children) });
    }
    const otherwise = ctx.else ? this.expression(first(ctx.else).children) : undefined;
    return {
      kind: 'case',
      operand,
      branches,
      otherwise,
      start: first(ctx.Case).startOffset,
      end: end(first(ctx.End)),
    };
  }

  existsExpr(ctx: ExistsExprCstChildren): Expression {
    return {
      kind: 'exists',
      select: this.#select(ctx.selectStatement),
      start: first(ctx.Exists).startOffset,
      end: end(first(ctx.RParen)),
    };
  }

  #select(nodes: SelectStatementCstNode[] | undefined): SelectStatementNode {
    return this.selectStatement(first(nodes).children);
  }

  #soupRef(token: IToken, fts: boolean): SoupRefNode {
    const image = token.image;
    const soupName = image.slice(1, fts ? -5 : -1);
    if (soupName.length === 0) {
      this.#problem(
        'SMARTSQL_INVALID_REFERENCE',
        `Invalid soup reference ${image}: the soup name is empty`,
        token.startOffset,
        image.length,
      );
    }
    return { kind: 'soupRef', soupName, fts, start: token.startOffset, end: end(token) };
  }

  #soupPath(token: IToken, qualifier: Qualifier | undefined): Expression {
    const image = token.image;
    const inner = image.slice(1, -1);
    const colon = inner.indexOf(':');
    const soupName = inner.slice(0, colon);
    const path = inner.slice(colon + 1);
    if (soupName.length === 0 || path.length === 0 || path.includes(':')) {
      this.#problem(
        'SMARTSQL_INVALID_REFERENCE',
        `Invalid soup/path reference ${image}: expected {soup} or {soup:path}`,
        token.startOffset,
        image.length,
      );
    }
    return {
      kind: 'soupPath',
      soupName,
      path,
      qualifier,
      start: qualifier?.start ?? token.startOffset,
      end: end(token),
    };
  }
}

/** Precedence climbing over a flat expression: a head term followed by operator tails. */
class ExpressionBuilder {
  #i = 0;
  #tails: readonly Tail[] = [];
  #problems: BuildProblem[] = [];

  run(tails: readonly Tail[], head: Term, problems: BuildProblem[]): Expression {
    this.#tails = tails;
    this.#problems = problems;
    this.#i = 0;
    return this.parse(head, 0, 0);
  }

  #report(code: SmartSqlErrorCode, message: string, offset: number, length: number): void {
    this.#problems.push({ code, message, offset, length });
  }

  /** Parses `term` (from prefix `prefixIndex`) and every following tail binding at least `minPrec`. */
  parse(term: Term, prefixIndex: number, minPrec: number): Expression {
    let left = this.#prefixed(term, prefixIndex);
    for (;;) {
      const tail = this.#tails[this.#i];
      if (tail === undefined) return left;
      const prec = tailPrecedence(tail);
      if (prec < minPrec) return left;
      this.#i++;
      left = this.#apply(left, tail, prec);
    }
  }

  #apply(left: Expression, tail: Tail, prec: number): Expression {
    switch (tail.type) {
      case 'binary': {
        const right = this.parse(tail.right, 0, prec + 1);
        return {
          kind: 'binary',
          operator: tail.operator,
          left,
          right,
          start: left.start,
          end: right.end,
        };
      }
      case 'nullTest':
        return {
          kind: 'nullTest',
          spelling: tail.spelling,
          operand: left,
          start: left.start,
          end: tail.end,
        };
      case 'in':
        return {
          kind: 'in',
          not: tail.not,
          operand: left,
          target: tail.target,
          start: left.start,
          end: tail.end,
        };
      case 'pattern': {
        const right = this.parse(tail.right, 0, prec + 1);
        let escapeExpr: Expression | undefined;
        const next = this.#tails[this.#i];
        if (next?.type === 'escape') {
          this.#i++;
          escapeExpr = this.parse(next.right, 0, prec + 1);
        }
        return {
          kind: 'pattern',
          operator: tail.operator,
          not: tail.not,
          left,
          right,
          escape: escapeExpr,
          start: left.start,
          end: escapeExpr?.end ?? right.end,
        };
      }
      case 'between': {
        const low = this.parse(tail.low, 0, prec + 1);
        const and = this.#tails[this.#i];
        if (and?.type !== 'binary' || and.operator !== 'AND') {
          this.#report(
            'SMARTSQL_SYNTAX_ERROR',
            'BETWEEN needs AND: expected "x BETWEEN low AND high"',
            left.start,
            low.end - left.start,
          );
          return low;
        }
        this.#i++;
        const high = this.parse(and.right, 0, prec + 1);
        return {
          kind: 'between',
          not: tail.not,
          operand: left,
          low,
          high,
          start: left.start,
          end: high.end,
        };
      }
      case 'escape':
        this.#report(
          'SMARTSQL_SYNTAX_ERROR',
          'ESCAPE is only allowed after a LIKE, GLOB, REGEXP or MATCH pattern',
          tail.offset,
          6,
        );
        return left;
    }
  }

  #prefixed(term: Term, index: number): Expression {
    const token = term.prefixes[index];
    if (token === undefined) return term.node;
    const op = token.image.toUpperCase();
    if (op === 'NOT') {
      const operand = this.parse(term, index + 1, PREC_NOT + 1);
      return {
        kind: 'unary',
        operator: 'NOT',
        operand,
        start: token.startOffset,
        end: operand.end,
      };
    }
    const operand = this.#prefixed(term, index + 1);
    return {
      kind: 'unary',
      operator: op === '-' ? '-' : op === '+' ? '+' : '~',
      operand,
      start: token.startOffset,
      end: operand.end,
    };
  }
}

const builder = new AstBuilder();

/**
 * Builds the AST of a parsed statement, numbering the `?` parameters in source
 * order.
 *
 * @example
 * const { cst } = parseSmartSqlTokens(tokens);
 * buildAst(cst).statement.first.columns.length;
 */
export function buildAst(cst: CstNode): {
  statement: SelectStatementNode;
  parameterCount: number;
  problems: BuildProblem[];
} {
  return builder.build(cst);
}

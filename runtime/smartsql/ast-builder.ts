/**
 * CST → AST. A visitor over the parser's CST (validated against the grammar at
 * construction) that produces the tagged-union AST of `ast.ts`. Expressions
 * arrive flat from the parser (a term, then operator tails);
 * `expression-precedence.ts` applies SQLite's operator precedence to them.
 */

import { InternalError } from '../errors.js';
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
import type { SmartSqlErrorCode, SmartSqlProblem } from './diagnostics.js';
import {
  binaryPrecedence,
  COMPARISON_PREC,
  ExpressionBuilder,
  type Tail,
  type Term,
} from './expression-precedence.js';
import { BaseSmartSqlVisitor, type CstNode, type IToken } from './parser.js';

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

function cstMismatch(): InternalError {
  return new InternalError('Smart SQL CST shape does not match the grammar');
}

function first<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw cstMismatch();
  return item;
}

type TokenKind = IToken['tokenType'];

type CompoundOperatorText = SelectStatementNode['compounds'][number]['operator'];

// Upper-cased operator spellings by token type: every token of a type spells
// the same operator in any case, so each is upper-cased once, not per use.
const upperByKind = new Map<TokenKind, string>();

function upperImage(token: IToken): string {
  let text = upperByKind.get(token.tokenType);
  if (text === undefined) {
    text = token.image.toUpperCase();
    upperByKind.set(token.tokenType, text);
  }
  return text;
}

const binaryPrecByKind = new Map<TokenKind, number>();

function binaryPrec(token: IToken, operator: BinaryOperatorText): number {
  let prec = binaryPrecByKind.get(token.tokenType);
  if (prec === undefined) {
    prec = binaryPrecedence(operator);
    binaryPrecByKind.set(token.tokenType, prec);
  }
  return prec;
}

/**
 * The CST visitor. One instance is reused; `build` resets its per-query state.
 */
class AstBuilder extends BaseSmartSqlVisitor {
  #problems: SmartSqlProblem[] = [];
  #parameterCount = 0;
  readonly #expressions = new ExpressionBuilder();

  constructor() {
    super();
    this.validateVisitor();
  }

  build(cst: CstNode): {
    statement: SelectStatementNode;
    parameterCount: number;
    problems: SmartSqlProblem[];
  } {
    this.#problems = [];
    // The visitor builds every node in source order, so counting numbers `?` left to right.
    this.#parameterCount = 0;
    const statement = this.statement((cst as StatementCstNode).children);
    return { statement, parameterCount: this.#parameterCount, problems: this.#problems };
  }

  #problem(code: SmartSqlErrorCode, message: string, offset: number, length: number): void {
    this.#problems.push({ severity: 'error', code, message, offset, length });
  }

  statement(ctx: StatementCstChildren): SelectStatementNode {
    return this.selectStatement(first(ctx.selectStatement).children);
  }

  selectStatement(ctx: SelectStatementCstChildren): SelectStatementNode {
    const coreNodes = ctx.selectCore;
    const firstCore = this.selectCore(first(coreNodes).children);
    let last = firstCore;
    const compounds: { operator: CompoundOperatorText; core: SelectCoreNode }[] = [];
    const operatorNodes = ctx.compoundOperator;
    if (operatorNodes !== undefined) {
      // Built in text order (cores and operators interleave): `?` are numbered as read.
      for (let i = 0; i < operatorNodes.length; i++) {
        const operatorNode = operatorNodes[i];
        const coreNode = coreNodes[i + 1];
        if (operatorNode === undefined || coreNode === undefined) throw cstMismatch();
        const operator = this.compoundOperator(operatorNode.children);
        last = this.selectCore(coreNode.children);
        compounds.push({ operator, core: last });
      }
    }
    const orderByNodes = ctx.orderByClause;
    const orderBy = orderByNodes ? this.orderByClause(first(orderByNodes).children) : [];
    const limitNodes = ctx.limitClause;
    const limit = limitNodes ? this.limitClause(first(limitNodes).children) : undefined;
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

  compoundOperator(ctx: CompoundOperatorCstChildren): CompoundOperatorText {
    const op = upperImage(first(ctx.CompoundOperator));
    if (op === 'UNION') return ctx.All ? 'UNION ALL' : 'UNION';
    return op === 'INTERSECT' ? 'INTERSECT' : 'EXCEPT';
  }

  selectCore(ctx: SelectCoreCstChildren): SelectCoreNode {
    const select = first(ctx.Select);
    const columnNodes = ctx.resultColumn;
    const columns: ResultColumn[] = [];
    for (const column of columnNodes) columns.push(this.resultColumn(column.children));
    const fromNodes = ctx.fromClause;
    const from = fromNodes ? this.fromClause(first(fromNodes).children) : undefined;
    const whereNodes = ctx.where;
    const where = whereNodes ? this.expression(first(whereNodes).children) : undefined;
    const groupBy = this.#expressionList(ctx.groupBy);
    const havingNodes = ctx.having;
    const having = havingNodes ? this.expression(first(havingNodes).children) : undefined;
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
    const expressionNodes = ctx.expression;
    if (expressionNodes) {
      const expression = this.expression(first(expressionNodes).children);
      const aliasNodes = ctx.alias;
      const alias = aliasNodes ? this.alias(first(aliasNodes).children) : undefined;
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
    const joinNodes = ctx.joinClause;
    const joins: JoinNode[] = [];
    if (joinNodes) for (const join of joinNodes) joins.push(this.joinClause(join.children));
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
    const aliasNodes = ctx.alias;
    const alias = aliasNodes ? this.alias(first(aliasNodes).children) : undefined;
    const ftsToken = ctx.FtsTableRef?.[0];
    const soupToken = ftsToken ?? ctx.SoupRef?.[0];
    if (soupToken) {
      const table = this.#soupRef(soupToken, ftsToken !== undefined);
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
    const terms: OrderingTermNode[] = [];
    for (const term of ctx.orderingTerm) terms.push(this.orderingTerm(term.children));
    return terms;
  }

  orderingTerm(ctx: OrderingTermCstChildren): OrderingTermNode {
    const expression = this.expression(first(ctx.expression).children);
    const asc = ctx.Asc?.[0];
    const desc = asc === undefined ? ctx.Desc?.[0] : undefined;
    const directionToken = asc ?? desc;
    const firstToken = ctx.First?.[0];
    const lastToken = firstToken === undefined ? ctx.Last?.[0] : undefined;
    const nullsToken = firstToken ?? lastToken;
    return {
      kind: 'orderingTerm',
      expression,
      direction: asc ? 'ASC' : desc ? 'DESC' : undefined,
      nulls: firstToken ? 'FIRST' : lastToken ? 'LAST' : undefined,
      start: expression.start,
      end: nullsToken ? end(nullsToken) : directionToken ? end(directionToken) : expression.end,
    };
  }

  limitClause(ctx: LimitClauseCstChildren): LimitNode {
    const limit = this.expression(first(ctx.first).children);
    const secondNodes = ctx.second;
    const second = secondNodes ? this.expression(first(secondNodes).children) : undefined;
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
    const headCtx = first(ctx.exprTerm).children;
    const prefixes = headCtx.PrefixOperator;
    const node = this.#termNode(headCtx);
    const tailNodes = ctx.exprTail;
    // Most expressions are a single term: nothing to order.
    if (tailNodes === undefined && prefixes === undefined) return node;
    const tails: Tail[] = [];
    if (tailNodes !== undefined)
      for (const tail of tailNodes) tails.push(this.exprTail(tail.children));
    // Terms and tails are fully built above, so the precedence pass never re-enters.
    return this.#expressions.run(tails, { prefixes: prefixes ?? NONE, node }, this.#problems);
  }

  #expressionList(nodes: readonly { children: ExpressionCstChildren }[] | undefined): Expression[] {
    const items: Expression[] = [];
    if (nodes !== undefined) for (const node of nodes) items.push(this.expression(node.children));
    return items;
  }

  exprTail(ctx: ExprTailCstChildren): Tail {
    const termNode = ctx.exprTerm?.[0];
    const right: Term | undefined = termNode ? this.exprTerm(termNode.children) : undefined;
    const prec = COMPARISON_PREC;
    if (right === undefined) {
      const inTarget = ctx.inTarget;
      if (inTarget) {
        const target = this.inTarget(first(inTarget).children);
        return {
          type: 'in',
          prec,
          not: ctx.Not !== undefined,
          target: target.target,
          end: target.end,
        };
      }
      const isnull = ctx.Isnull;
      if (isnull) return { type: 'nullTest', prec, spelling: 'ISNULL', end: end(first(isnull)) };
      const notnull = ctx.Notnull;
      if (notnull) return { type: 'nullTest', prec, spelling: 'NOTNULL', end: end(first(notnull)) };
      return { type: 'nullTest', prec, spelling: 'NOT NULL', end: end(first(ctx.Null)) };
    }
    const binary = ctx.BinaryOperator;
    if (binary) {
      const token = first(binary);
      const operator = upperImage(token) as BinaryOperatorText;
      return { type: 'binary', prec: binaryPrec(token, operator), operator, right };
    }
    if (ctx.Is) {
      const operator = ctx.Not ? 'IS NOT' : 'IS';
      return { type: 'binary', prec: binaryPrecedence(operator), operator, right };
    }
    const not = ctx.Not !== undefined;
    const like = ctx.LikeOperator;
    if (like) {
      const operator = upperImage(first(like)) as PatternOperator;
      return { type: 'pattern', prec, operator, not, right };
    }
    if (ctx.Between) return { type: 'between', prec, not, low: right };
    return {
      type: 'escape',
      prec,
      right,
      offset: first(ctx.Escape).startOffset,
    };
  }

  inTarget(ctx: InTargetCstChildren): {
    target: readonly Expression[] | SelectStatementNode;
    end: number;
  } {
    const endOffset = end(first(ctx.RParen));
    const select = ctx.selectStatement;
    if (select) {
      return { target: this.selectStatement(first(select).children), end: endOffset };
    }
    return { target: this.#expressionList(ctx.expression), end: endOffset };
  }

  exprTerm(ctx: ExprTermCstChildren): Term {
    return { prefixes: ctx.PrefixOperator ?? NONE, node: this.#termNode(ctx) };
  }

  /** The operand of a term, without its prefix operators. */
  #termNode(ctx: ExprTermCstChildren): Expression {
    const node = this.#primary(ctx);
    const collation = ctx.collation?.[0];
    if (collation === undefined) return node;
    return {
      kind: 'collate',
      operand: node,
      collation: nameNode(collation),
      start: node.start,
      end: end(collation),
    };
  }

  #primary(ctx: ExprTermCstChildren): Expression {
    // Most frequent alternatives first, each looked up once: every miss is a
    // dictionary lookup on the CST.
    const soupPath = ctx.SoupPathRef;
    if (soupPath !== undefined) return this.#soupPath(first(soupPath), undefined);
    const numberToken = ctx.NumberLiteral?.[0];
    if (numberToken) return literalNode(numberToken, 'number', numberToken.image);
    const parameter = ctx.Parameter?.[0];
    if (parameter) {
      return {
        kind: 'parameter',
        index: this.#parameterCount++,
        start: parameter.startOffset,
        end: end(parameter),
      };
    }
    const identifierTerm = ctx.identifierTerm;
    if (identifierTerm) return this.identifierTerm(first(identifierTerm).children);
    const stringToken = ctx.StringLiteral?.[0];
    if (stringToken) return literalNode(stringToken, 'string', stringToken.image);
    const soupTerm = ctx.soupTerm;
    if (soupTerm) return this.soupTerm(first(soupTerm).children);
    const nullToken = ctx.Null?.[0];
    if (nullToken) return literalNode(nullToken, 'null', 'NULL');
    const blobToken = ctx.BlobLiteral?.[0];
    if (blobToken) return literalNode(blobToken, 'blob', blobToken.image);
    const named = ctx.NamedParameter;
    if (named) {
      const token = first(named);
      this.#problem(
        'SMARTSQL_UNSUPPORTED',
        `Parameter ${token.image} is not supported: Smart SQL binds positional "?" parameters only`,
        token.startOffset,
        token.image.length,
      );
      return { kind: 'parameter', index: 0, start: token.startOffset, end: end(token) };
    }
    const paren = ctx.parenExpr;
    if (paren) return this.parenExpr(first(paren).children);
    const cast = ctx.castExpr;
    if (cast) return this.castExpr(first(cast).children);
    const caseNodes = ctx.caseExpr;
    if (caseNodes) return this.caseExpr(first(caseNodes).children);
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
    const functionArgs = ctx.functionArgs;
    if (functionArgs) {
      const args = this.functionArgs(first(functionArgs).children);
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
    const args: readonly Expression[] | '*' = ctx.Star ? '*' : this.#expressionList(ctx.expression);
    const filterNodes = ctx.filter;
    const filter = filterNodes ? this.expression(first(filterNodes).children) : undefined;
    const windowNodes = ctx.windowSpec;
    const over = windowNodes ? this.windowSpec(first(windowNodes).children) : undefined;
    const parens = ctx.RParen;
    const lastParenToken = parens?.[parens.length - 1];
    if (lastParenToken === undefined) throw cstMismatch();
    const lastParen = end(lastParenToken);
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
    const items = this.#expressionList(ctx.expression);
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

function literalNode(
  token: IToken,
  literalType: 'number' | 'string' | 'blob' | 'null',
  raw: string,
): Expression {
  return { kind: 'literal', literalType, raw, start: token.startOffset, end: end(token) };
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
  problems: SmartSqlProblem[];
} {
  return builder.build(cst);
}

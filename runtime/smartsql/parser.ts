/**
 * The Smart SQL grammar as a Chevrotain `CstParser`. It builds a concrete syntax
 * tree only; `ast-builder.ts` turns that into the AST. Expressions are parsed
 * flat (a first term, then a list of operator tails) and the AST builder applies
 * SQLite's precedence: one rule per precedence level would cost a CST node per
 * level per operand, which dominates compile time for short queries.
 */
import {
  type CstNode,
  CstParser,
  EOF,
  generateCstDts,
  type ICstVisitor,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import * as T from './tokens.js';

export type { CstNode, ICstVisitor, IRecognitionException, IToken };

const SYMBOLIC: Readonly<Record<string, string>> = {
  Identifier: 'a name',
  PlainIdentifier: 'a name',
  QuotedIdentifier: 'a quoted name',
  StringLiteral: 'a string',
  NumberLiteral: 'a number',
  SoupRef: '{soup}',
  SoupPathRef: '{soup:path}',
  FtsTableRef: '{soup}_fts',
  BinaryOperator: 'an operator',
  PrefixOperator: 'NOT, - or +',
  LikeOperator: 'LIKE, GLOB, REGEXP or MATCH',
  JoinKeyword: 'JOIN',
  CompoundOperator: 'UNION, INTERSECT or EXCEPT',
};

const RULES: Readonly<Record<string, string>> = {
  statement: 'the statement',
  selectStatement: 'the SELECT statement',
  selectCore: 'the SELECT',
  resultColumn: 'the select list',
  tableSource: 'the FROM clause',
  joinClause: 'the join',
  exprTerm: 'an expression',
  exprTail: 'an expression',
  expression: 'an expression',
  inTarget: 'the IN list',
  functionArgs: 'the function arguments',
  orderingTerm: 'ORDER BY',
  limitClause: 'LIMIT',
  orderByClause: 'ORDER BY',
  fromClause: 'the FROM clause',
  castExpr: 'CAST',
  caseExpr: 'CASE',
  existsExpr: 'EXISTS',
  parenExpr: 'the parentheses',
  identifierTerm: 'an expression',
  soupTerm: 'an expression',
  alias: 'the alias',
  windowSpec: 'the window (OVER)',
  compoundOperator: 'the compound SELECT',
};

function label(type: TokenType): string {
  if (type === EOF) return 'the end of the query';
  const known = SYMBOLIC[type.name];
  if (known !== undefined) return known;
  const pattern = type.PATTERN;
  if (typeof pattern === 'string') return `"${pattern}"`;
  return type.name.toUpperCase();
}

function found(token: IToken | undefined): string {
  return token === undefined || token.tokenType === EOF ? 'end of query' : `"${token.image}"`;
}

/** Short messages: Chevrotain's defaults list every alternative path. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `Expected ${label(expected)} but found ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `Unexpected ${found(firstRedundant)} after the end of the statement`,
  buildNoViableAltMessage: ({ actual, ruleName }) =>
    `Unexpected ${found(actual[0])} in ${RULES[ruleName] ?? ruleName}`,
  buildEarlyExitMessage: ({ actual, ruleName }) =>
    `Unexpected ${found(actual[0])} in ${RULES[ruleName] ?? ruleName}`,
};

class SmartSqlParser extends CstParser {
  // Alternatives and separator definitions are built once and reused: a fresh
  // array of closures per call costs more than the matching itself.
  readonly #cache: unknown[] = [];

  #cached(slot: number): never {
    return this.#cache[slot] as never;
  }

  #remember<V>(slot: number, value: V): V {
    this.#cache[slot] = value;
    return value;
  }

  constructor(recoveryEnabled: boolean) {
    super(T.allTokens, {
      recoveryEnabled,
      maxLookahead: 3,
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  statement = this.RULE('statement', () => {
    this.SUBRULE(this.selectStatement);
    this.MANY(() => this.CONSUME(T.Semicolon));
  });

  selectStatement = this.RULE('selectStatement', () => {
    this.SUBRULE(this.selectCore);
    this.MANY(() => {
      this.SUBRULE(this.compoundOperator);
      this.SUBRULE2(this.selectCore);
    });
    this.OPTION(() => this.SUBRULE(this.orderByClause));
    this.OPTION2(() => this.SUBRULE(this.limitClause));
  });

  compoundOperator = this.RULE('compoundOperator', () => {
    this.CONSUME(T.CompoundOperator);
    this.OPTION(() => this.CONSUME(T.All));
  });

  selectCore = this.RULE('selectCore', () => {
    this.CONSUME(T.Select);
    this.OPTION(() => {
      this.OR(
        this.#cached(0) ??
          this.#remember(0, [
            { ALT: () => this.CONSUME(T.Distinct) },
            { ALT: () => this.CONSUME(T.All) },
          ]),
      );
    });
    this.AT_LEAST_ONE_SEP(
      this.#cached(1) ??
        this.#remember(1, { SEP: T.Comma, DEF: () => this.SUBRULE(this.resultColumn) }),
    );
    this.OPTION2(() => {
      this.CONSUME(T.From);
      this.SUBRULE(this.fromClause);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION4(() => {
      this.CONSUME(T.Group);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP2(
        this.#cached(2) ??
          this.#remember(2, {
            SEP: T.Comma,
            DEF: () => this.SUBRULE2(this.expression, { LABEL: 'groupBy' }),
          }),
      );
      this.OPTION5(() => {
        this.CONSUME(T.Having);
        this.SUBRULE3(this.expression, { LABEL: 'having' });
      });
    });
  });

  resultColumn = this.RULE('resultColumn', () => {
    this.OR(
      this.#cached(3) ??
        this.#remember(3, [
          { ALT: () => this.CONSUME(T.Star) },
          {
            ALT: () => {
              this.OR2(
                this.#cached(30) ??
                  this.#remember(30, [
                    { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'starTable' }) },
                    { ALT: () => this.CONSUME(T.SoupRef, { LABEL: 'starSoup' }) },
                  ]),
              );
              this.CONSUME(T.Dot);
              this.CONSUME2(T.Star);
            },
          },
          {
            ALT: () => {
              this.SUBRULE(this.expression);
              this.OPTION(() => this.SUBRULE(this.alias));
            },
          },
        ]),
    );
  });

  alias = this.RULE('alias', () => {
    this.OPTION(() => this.CONSUME(T.As));
    this.OR(
      this.#cached(4) ??
        this.#remember(4, [
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.StringLiteral) },
        ]),
    );
  });

  fromClause = this.RULE('fromClause', () => {
    this.SUBRULE(this.tableSource);
    this.MANY(() => this.SUBRULE(this.joinClause));
  });

  joinClause = this.RULE('joinClause', () => {
    this.OR(
      this.#cached(5) ??
        this.#remember(5, [
          { ALT: () => this.CONSUME(T.Comma) },
          {
            ALT: () => {
              this.MANY(() => this.CONSUME(T.JoinKeyword));
              this.CONSUME(T.Join);
            },
          },
        ]),
    );
    this.SUBRULE(this.tableSource);
    this.OPTION(() => {
      this.OR2(
        this.#cached(6) ??
          this.#remember(6, [
            {
              ALT: () => {
                this.CONSUME(T.On);
                this.SUBRULE(this.expression, { LABEL: 'on' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Using);
                this.CONSUME(T.LParen);
                this.AT_LEAST_ONE_SEP(
                  this.#cached(31) ??
                    this.#remember(31, {
                      SEP: T.Comma,
                      DEF: () => this.CONSUME(T.Identifier, { LABEL: 'using' }),
                    }),
                );
                this.CONSUME(T.RParen);
              },
            },
          ]),
      );
    });
  });

  tableSource = this.RULE('tableSource', () => {
    this.OR(
      this.#cached(7) ??
        this.#remember(7, [
          { ALT: () => this.CONSUME(T.SoupRef) },
          { ALT: () => this.CONSUME(T.FtsTableRef) },
          {
            ALT: () => {
              this.CONSUME(T.LParen);
              this.SUBRULE(this.selectStatement);
              this.CONSUME(T.RParen);
            },
          },
          {
            // Plain table names and table-valued functions parse so that the
            // compiler can refuse them with a precise message.
            ALT: () => {
              this.CONSUME(T.Identifier, { LABEL: 'tableName' });
              this.OPTION(() => {
                this.CONSUME(T.Dot);
                this.CONSUME2(T.Identifier, { LABEL: 'tableName' });
              });
              this.OPTION2(() => this.SUBRULE(this.functionArgs));
            },
          },
        ]),
    );
    this.OPTION3(() => this.SUBRULE(this.alias));
  });

  orderByClause = this.RULE('orderByClause', () => {
    this.CONSUME(T.Order);
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP(
      this.#cached(8) ??
        this.#remember(8, { SEP: T.Comma, DEF: () => this.SUBRULE(this.orderingTerm) }),
    );
  });

  orderingTerm = this.RULE('orderingTerm', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.OR(
        this.#cached(9) ??
          this.#remember(9, [
            { ALT: () => this.CONSUME(T.Asc) },
            { ALT: () => this.CONSUME(T.Desc) },
          ]),
      );
    });
    this.OPTION2(() => {
      this.CONSUME(T.Nulls);
      this.OR2(
        this.#cached(10) ??
          this.#remember(10, [
            { ALT: () => this.CONSUME(T.First) },
            { ALT: () => this.CONSUME(T.Last) },
          ]),
      );
    });
  });

  limitClause = this.RULE('limitClause', () => {
    this.CONSUME(T.Limit);
    this.SUBRULE(this.expression, { LABEL: 'first' });
    this.OPTION(() => {
      this.OR(
        this.#cached(11) ??
          this.#remember(11, [
            { ALT: () => this.CONSUME(T.Offset) },
            { ALT: () => this.CONSUME(T.Comma) },
          ]),
      );
      this.SUBRULE2(this.expression, { LABEL: 'second' });
    });
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.exprTerm);
    this.MANY(() => this.SUBRULE(this.exprTail));
  });

  // Every alternative starts with a distinct token, so the choice is LL(1).
  exprTail = this.RULE('exprTail', () => {
    this.OR(
      this.#cached(12) ??
        this.#remember(12, [
          {
            ALT: () => {
              this.CONSUME(T.BinaryOperator);
              this.SUBRULE(this.exprTerm);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Is);
              this.OPTION(() => this.CONSUME(T.Not));
              this.SUBRULE2(this.exprTerm);
            },
          },
          { ALT: () => this.CONSUME(T.Isnull) },
          { ALT: () => this.CONSUME(T.Notnull) },
          {
            ALT: () => {
              this.CONSUME2(T.Not);
              this.OR2(
                this.#cached(21) ??
                  this.#remember(21, [
                    { ALT: () => this.CONSUME(T.Null) },
                    {
                      ALT: () => {
                        this.CONSUME(T.In);
                        this.SUBRULE(this.inTarget);
                      },
                    },
                    {
                      ALT: () => {
                        this.CONSUME(T.LikeOperator);
                        this.SUBRULE3(this.exprTerm);
                      },
                    },
                    {
                      ALT: () => {
                        this.CONSUME(T.Between);
                        this.SUBRULE4(this.exprTerm);
                      },
                    },
                  ]),
              );
            },
          },
          {
            ALT: () => {
              this.CONSUME2(T.In);
              this.SUBRULE2(this.inTarget);
            },
          },
          {
            ALT: () => {
              this.CONSUME2(T.LikeOperator);
              this.SUBRULE5(this.exprTerm);
            },
          },
          {
            ALT: () => {
              this.CONSUME2(T.Between);
              this.SUBRULE6(this.exprTerm);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Escape);
              this.SUBRULE7(this.exprTerm);
            },
          },
        ]),
    );
  });

  inTarget = this.RULE('inTarget', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OR(
        this.#cached(13) ??
          this.#remember(13, [
            { ALT: () => this.SUBRULE(this.selectStatement) },
            {
              ALT: () =>
                this.AT_LEAST_ONE_SEP(
                  this.#cached(22) ??
                    this.#remember(22, {
                      SEP: T.Comma,
                      DEF: () => this.SUBRULE(this.expression),
                    }),
                ),
            },
          ]),
      );
    });
    this.CONSUME(T.RParen);
  });

  exprTerm = this.RULE('exprTerm', () => {
    this.MANY(() => this.CONSUME(T.PrefixOperator));
    this.OR(
      this.#cached(14) ??
        this.#remember(14, [
          { ALT: () => this.CONSUME(T.NumberLiteral) },
          { ALT: () => this.CONSUME(T.StringLiteral) },
          { ALT: () => this.CONSUME(T.BlobLiteral) },
          { ALT: () => this.CONSUME(T.Null) },
          { ALT: () => this.CONSUME(T.Parameter) },
          { ALT: () => this.CONSUME(T.NamedParameter) },
          { ALT: () => this.CONSUME(T.SoupPathRef) },
          { ALT: () => this.SUBRULE(this.soupTerm) },
          { ALT: () => this.SUBRULE(this.identifierTerm) },
          { ALT: () => this.SUBRULE(this.parenExpr) },
          { ALT: () => this.SUBRULE(this.castExpr) },
          { ALT: () => this.SUBRULE(this.caseExpr) },
          { ALT: () => this.SUBRULE(this.existsExpr) },
        ]),
    );
    this.OPTION(() => {
      this.CONSUME(T.Collate);
      this.CONSUME(T.Identifier, { LABEL: 'collation' });
    });
  });

  /** `{soup}`, `{soup}.{soup:path}`, `{soup}.column`, `{soup}_fts`, `{soup}_fts.column`. */
  soupTerm = this.RULE('soupTerm', () => {
    this.OR(
      this.#cached(15) ??
        this.#remember(15, [
          { ALT: () => this.CONSUME(T.SoupRef) },
          { ALT: () => this.CONSUME(T.FtsTableRef) },
        ]),
    );
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.OR2(
        this.#cached(16) ??
          this.#remember(16, [
            { ALT: () => this.CONSUME(T.SoupPathRef) },
            { ALT: () => this.CONSUME(T.Identifier) },
          ]),
      );
    });
  });

  /** `name`, `name(args)`, `alias.column`, `alias.{soup:path}`. */
  identifierTerm = this.RULE('identifierTerm', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.OR(
        this.#cached(17) ??
          this.#remember(17, [
            { ALT: () => this.SUBRULE(this.functionArgs) },
            {
              ALT: () => {
                this.CONSUME(T.Dot);
                this.OR2(
                  this.#cached(32) ??
                    this.#remember(32, [
                      { ALT: () => this.CONSUME(T.SoupPathRef) },
                      { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'member' }) },
                    ]),
                );
              },
            },
          ]),
      );
    });
  });

  functionArgs = this.RULE('functionArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OR(
        this.#cached(18) ??
          this.#remember(18, [
            { ALT: () => this.CONSUME(T.Star) },
            {
              ALT: () => {
                this.OPTION2(() => this.CONSUME(T.Distinct));
                this.AT_LEAST_ONE_SEP(
                  this.#cached(33) ??
                    this.#remember(33, { SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) }),
                );
              },
            },
          ]),
      );
    });
    this.CONSUME(T.RParen);
    this.OPTION3(() => {
      this.CONSUME(T.Filter);
      this.CONSUME2(T.LParen);
      this.CONSUME(T.Where);
      this.SUBRULE2(this.expression, { LABEL: 'filter' });
      this.CONSUME2(T.RParen);
    });
    this.OPTION4(() => {
      this.CONSUME(T.Over);
      this.SUBRULE(this.windowSpec);
    });
  });

  /** `( [PARTITION BY …] [ORDER BY …] )`; frame clauses and named windows are not supported. */
  windowSpec = this.RULE('windowSpec', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.CONSUME(T.Partition);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP(
        this.#cached(40) ??
          this.#remember(40, {
            SEP: T.Comma,
            DEF: () => this.SUBRULE(this.expression, { LABEL: 'partitionBy' }),
          }),
      );
    });
    this.OPTION2(() => this.SUBRULE(this.orderByClause));
    this.CONSUME(T.RParen);
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.OR(
      this.#cached(19) ??
        this.#remember(19, [
          { ALT: () => this.SUBRULE(this.selectStatement) },
          {
            ALT: () =>
              this.AT_LEAST_ONE_SEP(
                this.#cached(34) ??
                  this.#remember(34, { SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) }),
              ),
          },
        ]),
    );
    this.CONSUME(T.RParen);
  });

  castExpr = this.RULE('castExpr', () => {
    this.CONSUME(T.Cast);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.AT_LEAST_ONE(() => this.CONSUME(T.Identifier, { LABEL: 'typeName' }));
    this.OPTION(() => {
      this.CONSUME2(T.LParen);
      this.AT_LEAST_ONE_SEP(
        this.#cached(20) ??
          this.#remember(20, {
            SEP: T.Comma,
            DEF: () => this.CONSUME(T.NumberLiteral, { LABEL: 'typeSize' }),
          }),
      );
      this.CONSUME2(T.RParen);
    });
    this.CONSUME3(T.RParen);
  });

  caseExpr = this.RULE('caseExpr', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.When);
      this.SUBRULE2(this.expression, { LABEL: 'when' });
      this.CONSUME(T.Then);
      this.SUBRULE3(this.expression, { LABEL: 'then' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Else);
      this.SUBRULE4(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(T.End);
  });

  existsExpr = this.RULE('existsExpr', () => {
    this.CONSUME(T.Exists);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.selectStatement);
    this.CONSUME(T.RParen);
  });
}

/**
 * Two reused instances (assigning `input` resets a parser): the fast one has
 * error recovery off; the recovering one re-parses only failing input, so one
 * run reports every error it can get past.
 */
const fastParser = new SmartSqlParser(false);
const smartSqlParser = new SmartSqlParser(true);

/** Base class for CST visitors of this grammar (the AST builder extends it). */
export const BaseSmartSqlVisitor = smartSqlParser.getBaseCstVisitorConstructor();

/**
 * Parses tokens into a CST. Valid input goes through the fast parser; input with
 * errors is parsed again with recovery, so a partial tree comes back together
 * with every recognition error the parser could get past.
 *
 * @example
 * const { cst, errors } = parseSmartSqlTokens(lexSmartSql('select 1').tokens);
 * errors.length; // 0
 */
export function parseSmartSqlTokens(tokens: IToken[]): {
  cst: CstNode;
  errors: IRecognitionException[];
} {
  fastParser.input = tokens;
  const cst = fastParser.statement();
  if (fastParser.errors.length === 0) return { cst, errors: [] };
  smartSqlParser.input = tokens;
  const recovered = smartSqlParser.statement();
  return { cst: recovered, errors: smartSqlParser.errors };
}

/**
 * The CST typings of the grammar (checked in as `cst.d.ts`; a test keeps it current).
 *
 * @example
 * writeFileSync('runtime/smartsql/cst.d.ts', generateCstTypings()); // then run biome
 */
export function generateCstTypings(): string {
  const dts = generateCstDts(smartSqlParser.getGAstProductions());
  // Point the typings at this module so chevrotain stays behind tokens/lexer/parser.
  return `// Generated by generateCstTypings() in parser.ts; do not edit.\n${dts.replace(
    /from "chevrotain";/,
    'from "./parser.js";',
  )}`;
}

/**
 * SQLite's operator precedence, applied to an expression the parser leaves flat
 * (a first term, then operator tails): precedence climbing, so the grammar
 * needs no rule (and the CST no node) per precedence level.
 */
import type {
  BinaryOperatorText,
  Expression,
  PatternOperator,
  SelectStatementNode,
} from './ast.js';
import type { SmartSqlErrorCode, SmartSqlProblem } from './diagnostics.js';
import type { IToken } from './parser.js';

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

/** An operand with the prefix operators (`NOT`, `-`, `+`, `~`) written before it. */
export interface Term {
  readonly prefixes: readonly IToken[];
  readonly node: Expression;
}

/**
 * An operator and what follows it, as the parser leaves them after the first
 * term; `prec` is the operator's precedence level (`binaryPrecedence`, or the
 * equality level for the others).
 */
export type Tail =
  | {
      readonly type: 'binary';
      readonly prec: number;
      readonly operator: BinaryOperatorText;
      readonly right: Term;
    }
  | {
      readonly type: 'nullTest';
      readonly prec: number;
      readonly spelling: 'ISNULL' | 'NOTNULL' | 'NOT NULL';
      readonly end: number;
    }
  | {
      readonly type: 'in';
      readonly prec: number;
      readonly not: boolean;
      readonly target: readonly Expression[] | SelectStatementNode;
      readonly end: number;
    }
  | {
      readonly type: 'pattern';
      readonly prec: number;
      readonly operator: PatternOperator;
      readonly not: boolean;
      readonly right: Term;
    }
  | { readonly type: 'between'; readonly prec: number; readonly not: boolean; readonly low: Term }
  // ESCAPE is only meaningful right after a pattern's operand, where it is consumed.
  | {
      readonly type: 'escape';
      readonly prec: number;
      readonly right: Term;
      readonly offset: number;
    };

/** The precedence level of the operators other than binary ones (IN, LIKE, BETWEEN, IS NULL, …). */
export const COMPARISON_PREC = PREC_EQUALITY;

/** The precedence level of a binary operator. */
export function binaryPrecedence(operator: BinaryOperatorText): number {
  return BINARY_PRECEDENCE[operator];
}

/** Precedence climbing over a flat expression: a head term followed by operator tails. */
export class ExpressionBuilder {
  #i = 0;
  #tails: readonly Tail[] = [];
  #problems: SmartSqlProblem[] = [];

  /** The expression of `head` followed by `tails`; problems are appended to `problems`. */
  run(tails: readonly Tail[], head: Term, problems: SmartSqlProblem[]): Expression {
    this.#tails = tails;
    this.#problems = problems;
    this.#i = 0;
    return this.parse(head, 0, 0);
  }

  #report(code: SmartSqlErrorCode, message: string, offset: number, length: number): void {
    this.#problems.push({ severity: 'error', code, message, offset, length });
  }

  /** Parses `term` (from prefix `prefixIndex`) and every following tail binding at least `minPrec`. */
  parse(term: Term, prefixIndex: number, minPrec: number): Expression {
    let left = this.#prefixed(term, prefixIndex);
    for (;;) {
      const tail = this.#tails[this.#i];
      if (tail === undefined) return left;
      const prec = tail.prec;
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

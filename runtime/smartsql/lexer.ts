/**
 * The Smart SQL lexer: one shared Chevrotain `Lexer` over `allTokens`. Lexing
 * never throws; problems come back as positioned data.
 */
import { type ILexingError, type IToken, Lexer, type TokenType } from 'chevrotain';
import type { SmartSqlProblem } from './diagnostics.js';
import { allTokens, UNTERMINATED, UnterminatedComment, UnterminatedString } from './tokens.js';

export type { IToken };

const lexer = new Lexer(allTokens, {
  // Line and column are computed from the offset only when a diagnostic needs them.
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

/**
 * Tokens of a text (skipped whitespace and comments removed, and unterminated
 * strings, comments and references, which are problems) plus any lexing problems
 * (`SMARTSQL_LEX_ERROR`).
 */
export interface LexResult {
  readonly tokens: IToken[];
  readonly problems: SmartSqlProblem[];
}

/**
 * Splits Smart SQL text into tokens.
 *
 * @example
 * lexSmartSql('select {a:b} from {a}').tokens.length; // 4
 */
export function lexSmartSql(text: string): LexResult {
  const result = lexer.tokenize(text);
  const unterminated = result.groups[UNTERMINATED] ?? [];
  if (result.errors.length === 0 && unterminated.length === 0) {
    return { tokens: result.tokens, problems: [] };
  }
  const problems = result.errors.map((error) => toProblem(error, text));
  for (const token of unterminated) {
    problems.push({
      severity: 'error',
      code: 'SMARTSQL_LEX_ERROR',
      offset: token.startOffset,
      length: token.image.length,
      message: unterminatedMessage(token.tokenType),
    });
  }
  return { tokens: result.tokens, problems };
}

function unterminatedMessage(type: TokenType): string {
  if (type === UnterminatedString) return "Unterminated string: a ' is missing";
  if (type === UnterminatedComment) return 'Unterminated comment: */ is missing';
  return 'Unterminated soup reference: } is missing';
}

function toProblem(error: ILexingError, text: string): SmartSqlProblem {
  const char = text.charAt(error.offset);
  return {
    severity: 'error',
    code: 'SMARTSQL_LEX_ERROR',
    offset: error.offset,
    length: error.length,
    message: `Unexpected character ${JSON.stringify(char)}`,
  };
}

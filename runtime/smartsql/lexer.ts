/**
 * The Smart SQL lexer: one shared Chevrotain `Lexer` over `allTokens`. Lexing
 * never throws; problems come back as positioned data.
 */
import { type ILexingError, type IToken, Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

export type { IToken };

const lexer = new Lexer(allTokens, {
  // Line and column are computed from the offset only when a diagnostic needs them.
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

/** A lexing problem: an offset and length into the text. */
export interface LexProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** Tokens of a text (skipped whitespace and comments removed) plus any lexing problems. */
export interface LexResult {
  readonly tokens: IToken[];
  readonly problems: LexProblem[];
}

/**
 * Splits Smart SQL text into tokens.
 *
 * @example
 * lexSmartSql('select {a:b} from {a}').tokens.length; // 4
 */
export function lexSmartSql(text: string): LexResult {
  const result = lexer.tokenize(text);
  const problems =
    result.errors.length === 0 ? [] : result.errors.map((error) => toProblem(error, text));
  return { tokens: result.tokens, problems };
}

function toProblem(error: ILexingError, text: string): LexProblem {
  const char = text.charAt(error.offset);
  return {
    offset: error.offset,
    length: error.length,
    message: `Unexpected character ${JSON.stringify(char)}`,
  };
}

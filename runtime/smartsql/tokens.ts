/**
 * Token types of Smart SQL. Order matters: the lexer tries them in the order of
 * `allTokens`, so longer operators come before their prefixes and every keyword
 * points `longer_alt` at `PlainIdentifier` (so `selected` is one identifier).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

// Categories: the parser consumes these; concrete tokens belong to one or more.
export const Identifier = createToken({ name: 'Identifier', pattern: Lexer.NA });
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA });
export const LikeOperator = createToken({ name: 'LikeOperator', pattern: Lexer.NA });
export const JoinKeyword = createToken({ name: 'JoinKeyword', pattern: Lexer.NA });
export const CompoundOperator = createToken({ name: 'CompoundOperator', pattern: Lexer.NA });

/**
 * Lexer group of the tokens that match only when their closing character is
 * missing: the lexer reports them as problems and keeps them from the parser.
 */
export const UNTERMINATED = 'unterminated';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /--[^\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
});
// Matches only when the closing `*/` is missing (the pattern above failed).
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: UNTERMINATED,
});

// Smart SQL references. `{soup}_fts` is one token so `_fts` cannot be mistaken
// for an alias; the reference text is split and checked by the AST builder.
export const FtsTableRef = createToken({
  name: 'FtsTableRef',
  pattern: /\{[^{}:]*\}_fts/,
  start_chars_hint: ['{'],
});
export const SoupPathRef = createToken({
  name: 'SoupPathRef',
  pattern: /\{[^{}:]*:[^{}]*\}/,
  start_chars_hint: ['{'],
});
export const SoupRef = createToken({
  name: 'SoupRef',
  pattern: /\{[^{}:]*\}/,
  start_chars_hint: ['{'],
});
export const UnterminatedRef = createToken({
  name: 'UnterminatedRef',
  pattern: /\{[^{}]*/,
  start_chars_hint: ['{'],
  group: UNTERMINATED,
});

// Quoted tokens use the unrolled form `'[^']*(?:''[^']*)*'`: the textbook
// `'(?:[^']|'')*'` backtracks once per character and overflows the stack on a
// literal of a few million characters.
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'[^']*(?:''[^']*)*'/,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'[^']*(?:''[^']*)*/,
  group: UNTERMINATED,
});
export const BlobLiteral = createToken({
  name: 'BlobLiteral',
  pattern: /[xX]'[0-9a-fA-F]*'/,
  start_chars_hint: ['x', 'X'],
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'],
});
export const Parameter = createToken({ name: 'Parameter', pattern: '?' });
// `?1`, `:name`, `@name`, `$name`: SQLite accepts them, Smart SQL binds only `?`.
export const NamedParameter = createToken({
  name: 'NamedParameter',
  pattern: /\?\d+|[:@$][A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: ['?', ':', '@', '$'],
});

export const PlainIdentifier = createToken({
  name: 'PlainIdentifier',
  pattern: /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_$\u00C0-\uFFFF]*/,
  categories: [Identifier],
});
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /"[^"]*(?:""[^"]*)*"|`[^`]*(?:``[^`]*)*`|\[[^\]]*\]/,
  categories: [Identifier],
  start_chars_hint: ['"', '`', '['],
});

function keyword(name: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name,
    pattern: new RegExp(name, 'i'),
    longer_alt: PlainIdentifier,
    categories,
  });
}

export const Select = keyword('Select');
export const Distinct = keyword('Distinct');
export const All = keyword('All');
export const From = keyword('From');
export const Where = keyword('Where');
export const Group = keyword('Group');
export const By = keyword('By');
export const Having = keyword('Having');
export const Order = keyword('Order');
export const Asc = keyword('Asc');
export const Desc = keyword('Desc');
export const Limit = keyword('Limit');
export const Offset = keyword('Offset');
export const As = keyword('As');
export const And = keyword('And', [BinaryOperator]);
export const Or = keyword('Or', [BinaryOperator]);
export const Not = keyword('Not', [PrefixOperator]);
export const In = keyword('In');
export const Is = keyword('Is');
export const Null = keyword('Null');
export const Like = keyword('Like', [LikeOperator]);
export const Glob = keyword('Glob', [LikeOperator]);
export const Regexp = keyword('Regexp', [LikeOperator]);
export const Match = keyword('Match', [LikeOperator]);
export const Between = keyword('Between');
export const Escape = keyword('Escape');
export const Isnull = keyword('Isnull');
export const Notnull = keyword('Notnull');
export const Exists = keyword('Exists');
export const Case = keyword('Case');
export const When = keyword('When');
export const Then = keyword('Then');
export const Else = keyword('Else');
export const End = keyword('End');
export const Cast = keyword('Cast');
export const Collate = keyword('Collate');
export const Join = keyword('Join');
export const Inner = keyword('Inner', [JoinKeyword]);
export const Left = keyword('Left', [JoinKeyword]);
export const Right = keyword('Right', [JoinKeyword]);
export const Full = keyword('Full', [JoinKeyword]);
export const Outer = keyword('Outer', [JoinKeyword]);
export const Cross = keyword('Cross', [JoinKeyword]);
export const Natural = keyword('Natural', [JoinKeyword]);
export const On = keyword('On');
export const Using = keyword('Using');
export const Union = keyword('Union', [CompoundOperator]);
export const Intersect = keyword('Intersect', [CompoundOperator]);
export const Except = keyword('Except', [CompoundOperator]);
export const With = keyword('With');
export const Nulls = keyword('Nulls');
// Soft keywords: also names (SQLite lets `filter` or `over` name a column).
export const Filter = keyword('Filter', [Identifier]);
export const Over = keyword('Over', [Identifier]);
export const Partition = keyword('Partition', [Identifier]);
export const First = keyword('First');
export const Last = keyword('Last');

function operator(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, categories });
}

export const Concat = operator('Concat', '||', [BinaryOperator]);
export const JsonArrow2 = operator('JsonArrow2', '->>', [BinaryOperator]);
export const JsonArrow = operator('JsonArrow', '->', [BinaryOperator]);
export const LessEq = operator('LessEq', '<=', [BinaryOperator]);
export const GreaterEq = operator('GreaterEq', '>=', [BinaryOperator]);
export const NotEq = operator('NotEq', '<>', [BinaryOperator]);
export const BangEq = operator('BangEq', '!=', [BinaryOperator]);
export const EqEq = operator('EqEq', '==', [BinaryOperator]);
export const ShiftLeft = operator('ShiftLeft', '<<', [BinaryOperator]);
export const ShiftRight = operator('ShiftRight', '>>', [BinaryOperator]);
export const Eq = operator('Eq', '=', [BinaryOperator]);
export const Less = operator('Less', '<', [BinaryOperator]);
export const Greater = operator('Greater', '>', [BinaryOperator]);
export const Pipe = operator('Pipe', '|', [BinaryOperator]);
export const Amp = operator('Amp', '&', [BinaryOperator]);
export const Tilde = operator('Tilde', '~', [PrefixOperator]);
export const Plus = operator('Plus', '+', [BinaryOperator, PrefixOperator]);
export const Minus = operator('Minus', '-', [BinaryOperator, PrefixOperator]);
export const Star = operator('Star', '*', [BinaryOperator]);
export const Slash = operator('Slash', '/', [BinaryOperator]);
export const Percent = operator('Percent', '%', [BinaryOperator]);
export const Dot = operator('Dot', '.');
export const Comma = operator('Comma', ',');
export const LParen = operator('LParen', '(');
export const RParen = operator('RParen', ')');
export const Semicolon = operator('Semicolon', ';');

/** Every token, in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  // `{soup:path}` is by far the most frequent reference, so it is tried first.
  SoupPathRef,
  FtsTableRef,
  SoupRef,
  UnterminatedRef,
  BlobLiteral,
  StringLiteral,
  UnterminatedString,
  // Number before Dot so `.5` is a number.
  NumberLiteral,
  NamedParameter,
  Parameter,
  // Keywords before PlainIdentifier; longer_alt sends `orders` back to it.
  Select,
  Distinct,
  All,
  From,
  Where,
  Group,
  By,
  Having,
  Order,
  Asc,
  Desc,
  Limit,
  Offset,
  As,
  And,
  Or,
  Notnull,
  Not,
  Intersect,
  Inner,
  Isnull,
  In,
  Is,
  Nulls,
  Null,
  Like,
  Glob,
  Regexp,
  Match,
  Between,
  Escape,
  Exists,
  Case,
  When,
  Then,
  Else,
  End,
  Cast,
  Collate,
  Join,
  Left,
  Right,
  Full,
  Outer,
  Cross,
  Natural,
  On,
  Using,
  Union,
  Except,
  With,
  First,
  Last,
  Filter,
  Over,
  Partition,
  PlainIdentifier,
  QuotedIdentifier,
  Concat,
  JsonArrow2,
  JsonArrow,
  LessEq,
  GreaterEq,
  NotEq,
  BangEq,
  EqEq,
  ShiftLeft,
  ShiftRight,
  Eq,
  Less,
  Greater,
  Pipe,
  Amp,
  Tilde,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Dot,
  Comma,
  LParen,
  RParen,
  Semicolon,
  // Categories are listed so the parser knows them; they never match text.
  Identifier,
  BinaryOperator,
  PrefixOperator,
  LikeOperator,
  JoinKeyword,
  CompoundOperator,
];

/**
 * The statement guards, run on the tokens before parsing: exactly one
 * statement, a SELECT (not WITH, not a write or a PRAGMA), nesting within
 * bounds. Token kinds are matched by their token type objects, never by name.
 */
import type { SoupCatalog } from './catalog.js';
import { describeUnknownSoup } from './compiler.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { IToken } from './lexer.js';
import {
  FtsTableRef,
  LParen,
  RParen,
  Select,
  Semicolon,
  SoupPathRef,
  SoupRef,
  With,
} from './tokens.js';

/**
 * Statement verbs refused at the head of a text. Only `END` is a token of the
 * Smart SQL grammar; the others lex as plain names, so the verb is told by its
 * spelling.
 */
const WRITE_VERBS: ReadonlySet<string> = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'upsert',
  'drop',
  'create',
  'alter',
  'attach',
  'detach',
  'pragma',
  'vacuum',
  'reindex',
  'analyze',
  'begin',
  'commit',
  'end',
  'rollback',
  'savepoint',
  'release',
  'explain',
]);

/** Deepest parenthesis / sub-select nesting accepted (far beyond real queries, far below the stack). */
export const MAX_NESTING = 256;

/**
 * Returns the tokens of the one statement the text may hold (plus trailing
 * `;`), after refusing anything that is not a SELECT, more than one statement,
 * or nesting deeper than `MAX_NESTING`; problems go to `sink`.
 *
 * @example
 * guardStatement(lexSmartSql('drop table x').tokens, sink); // undefined, SMARTSQL_NOT_SELECT in sink
 */
export function guardStatement(tokens: IToken[], sink: DiagnosticSink): IToken[] | undefined {
  const head = tokens[0];
  if (head === undefined) {
    sink.report('SMARTSQL_EMPTY', 'The query is empty', 0, 0);
    return undefined;
  }
  let refused = refuseStatement(head, sink);
  let endIndex = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.tokenType !== Semicolon) continue;
    let j = i + 1;
    while (tokens[j]?.tokenType === Semicolon) j++;
    const next = tokens[j];
    if (next !== undefined) {
      const last = tokens[tokens.length - 1];
      sink.report(
        'SMARTSQL_MULTIPLE_STATEMENTS',
        'Only one statement is allowed: remove everything after the ";"',
        next.startOffset,
        (last?.startOffset ?? next.startOffset) + (last?.image.length ?? 0) - next.startOffset,
      );
      refuseStatement(next, sink);
      refused = true;
    }
    endIndex = j;
    break;
  }
  if (refused) return undefined;
  const statement = endIndex === tokens.length ? tokens : tokens.slice(0, endIndex);
  return withinNesting(statement, sink) ? statement : undefined;
}

/** Reports a head token that does not start a SELECT; true when refused. */
function refuseStatement(head: IToken, sink: DiagnosticSink): boolean {
  const type = head.tokenType;
  if (type === Select) return false;
  if (type === With) {
    sink.report(
      'SMARTSQL_UNSUPPORTED',
      'WITH (common table expressions) is not supported in Smart SQL; use a sub-select',
      head.startOffset,
      head.image.length,
    );
    return true;
  }
  const verb = head.image.toLowerCase();
  if (WRITE_VERBS.has(verb)) {
    sink.report(
      'SMARTSQL_NOT_SELECT',
      `Only SELECT statements are allowed in Smart SQL; ${verb.toUpperCase()} is refused`,
      head.startOffset,
      head.image.length,
    );
    return true;
  }
  return false;
}

function withinNesting(statement: readonly IToken[], sink: DiagnosticSink): boolean {
  let depth = 0;
  for (const token of statement) {
    const type = token.tokenType;
    if (type === LParen && ++depth > MAX_NESTING) {
      sink.report(
        'SMARTSQL_TOO_COMPLEX',
        `Parentheses and sub-selects nest more than ${MAX_NESTING} deep`,
        token.startOffset,
        1,
      );
      return false;
    }
    if (type === RParen) depth--;
  }
  return true;
}

/**
 * Names every unknown soup among the reference tokens, once each: run when the
 * parse failed, so one run still shows them all.
 */
export function reportUnknownSoups(
  tokens: readonly IToken[],
  catalog: SoupCatalog,
  sink: DiagnosticSink,
): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    const type = token.tokenType;
    const image = token.image;
    let soupName: string;
    if (type === SoupRef) soupName = image.slice(1, -1);
    else if (type === FtsTableRef) soupName = image.slice(1, -5);
    else if (type === SoupPathRef) soupName = image.slice(1, image.indexOf(':'));
    else continue;
    if (soupName.length === 0 || seen.has(soupName)) continue;
    seen.add(soupName);
    if (catalog.getSoup(soupName) === undefined) {
      sink.report(
        'SMARTSQL_UNKNOWN_SOUP',
        describeUnknownSoup(soupName, catalog),
        token.startOffset,
        image.length,
      );
    }
  }
}

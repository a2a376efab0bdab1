/**
 * Smart SQL compile throughput: 10,000 distinct queries compiled uncached, the
 * same served from `SmartSqlCompiler`'s cache, and two baselines measured in
 * the same run on the same texts: Chevrotain lexing alone and lex + parse (CST
 * only). Each figure is the median of several rounds after a warm-up.
 *
 * Run: npx tsx bench/smartsql.bench.ts
 */

import { compileSmartSql, MemorySoupCatalog, SmartSqlCompiler } from '../runtime/smartsql/index.js';
import { lexSmartSql } from '../runtime/smartsql/lexer.js';
import { parseSmartSqlTokens } from '../runtime/smartsql/parser.js';

const DISTINCT = 10_000;
const ROUNDS = 7;
const CACHED_PASSES = 20;

const catalog = new MemorySoupCatalog();
catalog.registerSoup('employees', [
  { path: 'firstName', type: 'string' },
  { path: 'lastName', type: 'string' },
  { path: 'deptCode', type: 'string' },
  { path: 'employeeId', type: 'string' },
  { path: 'managerId', type: 'string' },
  { path: 'salary', type: 'integer' },
  { path: 'education', type: 'json1' },
]);
catalog.registerSoup('departments', [
  { path: 'deptCode', type: 'string' },
  { path: 'name', type: 'full_text' },
  { path: 'budget', type: 'integer' },
]);

// Shapes the store generates plus typical hand-written ones; `i` makes each text distinct.
const templates: ((i: number) => string)[] = [
  (i) =>
    `SELECT {employees:_soup} FROM {employees} WHERE {employees:lastName} = ? AND {employees:salary} > ${i} ORDER BY {employees:firstName} ASC`,
  (i) => `SELECT count(*) FROM {employees} WHERE {employees:salary} BETWEEN ${i} AND ?`,
  (i) =>
    `SELECT {employees:firstName}, {employees:lastName} FROM {employees} WHERE {employees:deptCode} IN ('A${i}', ?) LIMIT 10 OFFSET ${i}`,
  (i) =>
    `SELECT {departments:_soup} FROM {departments} WHERE {departments:_soupEntryId} IN (SELECT rowid FROM {departments}_fts WHERE {departments}_fts MATCH ?) AND {departments:budget} > ${i}`,
  (i) =>
    `select {departments:name}, {employees:firstName} || ' ' || {employees:lastName} from {employees}, {departments} where {departments:deptCode} = {employees:deptCode} and {employees:salary} < ${i} order by {departments:name}`,
  (i) =>
    `select mgr.{employees:lastName}, e.{employees:lastName} from {employees} as mgr, {employees} as e where mgr.{employees:employeeId} = e.{employees:managerId} and e.{employees:salary} <> ${i}`,
  (i) =>
    `select {employees:deptCode}, sum({employees:salary}) from {employees} where {employees:education} like '%${i}%' group by {employees:deptCode} having count(*) > 1`,
  (i) =>
    `SELECT * FROM (SELECT {employees:_soup}, {employees:firstName} FROM {employees} WHERE {employees:firstName} LIKE 'J%${i}') LIMIT ${i % 100}, 10`,
];

const texts = Array.from({ length: DISTINCT }, (_, i) => {
  const template = templates[i % templates.length];
  if (template === undefined) throw new Error('no template');
  return template(i);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `body` over all texts `passes` times per round; returns median ops/s. */
function measure(passes: number, body: (text: string) => unknown, setup?: () => void): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS + 2; round++) {
    setup?.();
    const start = performance.now();
    for (let p = 0; p < passes; p++) for (const text of texts) body(text);
    const elapsed = performance.now() - start;
    if (round >= 2) rates.push((passes * texts.length * 1000) / elapsed);
  }
  return median(rates);
}

let sink = 0;
const lexOnly = measure(1, (text) => {
  sink += lexSmartSql(text).tokens.length;
});
const lexParse = measure(1, (text) => {
  sink += parseSmartSqlTokens(lexSmartSql(text).tokens).errors.length;
});
const uncached = measure(1, (text) => {
  sink += compileSmartSql(text, catalog).sql.length;
});
let compiler = new SmartSqlCompiler(catalog, { cacheSize: DISTINCT });
const coldCompiler = measure(
  1,
  (text) => {
    sink += compiler.compile(text).sql.length;
  },
  () => {
    compiler = new SmartSqlCompiler(catalog, { cacheSize: DISTINCT });
  },
);
const warm = new SmartSqlCompiler(catalog, { cacheSize: DISTINCT });
for (const text of texts) warm.compile(text);
const cached = measure(CACHED_PASSES, (text) => {
  sink += warm.compile(text).argCount;
});

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
const us = (n: number) => `${(1e6 / n).toFixed(2)} µs`.padStart(10);
console.log(
  `Smart SQL compile throughput (${DISTINCT.toLocaleString('en-US')} distinct queries, median of ${ROUNDS} rounds)`,
);
console.log(`  baseline: Chevrotain lex only     ${fmt(lexOnly)} /s ${us(lexOnly)}`);
console.log(`  baseline: lex + parse (CST)       ${fmt(lexParse)} /s ${us(lexParse)}`);
console.log(
  `  compile, uncached (distinct)      ${fmt(uncached)} /s ${us(uncached)}   target ≥ 50,000/s`,
);
console.log(`  SmartSqlCompiler, cold cache      ${fmt(coldCompiler)} /s ${us(coldCompiler)}`);
console.log(
  `  SmartSqlCompiler, cached          ${fmt(cached)} /s ${us(cached)}   target ≥ 1,000,000/s`,
);
console.log('ratios');
console.log(
  `  uncached compile / lex only       ${(uncached / lexOnly).toFixed(2)}x (full pipeline costs ${(lexOnly / uncached).toFixed(1)} lexes)`,
);
console.log(`  uncached compile / lex + parse    ${(uncached / lexParse).toFixed(2)}x`);
console.log(`  cached / uncached                 ${(cached / uncached).toFixed(0)}x`);
if (sink === 42) console.log('');

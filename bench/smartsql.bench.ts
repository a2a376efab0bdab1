/**
 * Smart SQL compile throughput: 10,000 distinct queries compiled uncached, the
 * same served from `SmartSqlCompiler`'s cache, and two baselines measured in
 * the same run on the same texts: Chevrotain lexing alone and lex + parse (CST
 * only). Each figure is the median of several rounds after a warm-up; the
 * uncached compile and lex + parse alternate round by round (which goes first
 * alternates too), so a slow moment of a shared machine hits both, and their
 * ratio is given per round as well.
 *
 * Run: npx tsx bench/smartsql.bench.ts
 */

import { loadavg } from 'node:os';
import { compileSmartSql, MemorySoupCatalog, SmartSqlCompiler } from '../runtime/smartsql/index.js';
import { lexSmartSql } from '../runtime/smartsql/lexer.js';
import { parseSmartSqlTokens } from '../runtime/smartsql/parser.js';
import { median } from './stats.js';

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

interface Rate {
  readonly median: number;
  readonly best: number;
}

/** Runs `body` over all texts `passes` times per round; returns median and best ops/s. */
function measure(passes: number, body: (text: string) => unknown, setup?: () => void): Rate {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS + 2; round++) {
    setup?.();
    const start = performance.now();
    for (let p = 0; p < passes; p++) for (const text of texts) body(text);
    const elapsed = performance.now() - start;
    if (round >= 2) rates.push((passes * texts.length * 1000) / elapsed);
  }
  return { median: median(rates), best: Math.max(...rates) };
}

let sink = 0;
const lexOnly = measure(1, (text) => {
  sink += lexSmartSql(text).tokens.length;
});
const lexParseBody = (text: string) => {
  sink += parseSmartSqlTokens(lexSmartSql(text).tokens).errors.length;
};
const compileBody = (text: string) => {
  sink += compileSmartSql(text, catalog).sql.length;
};
/** One pass over all texts: ops per second of wall time, and per second of this process's CPU time. */
function pass(body: (text: string) => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const text of texts) body(text);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    wall: (texts.length * 1000) / wallMs,
    cpu: (texts.length * 1e6) / (used.user + used.system),
  };
}
const paired: {
  lexParse: { wall: number; cpu: number };
  compile: { wall: number; cpu: number };
}[] = [];
for (let round = 0; round < ROUNDS + 2; round++) {
  const lexParseFirst = round % 2 === 0;
  const a = pass(lexParseFirst ? lexParseBody : compileBody);
  const b = pass(lexParseFirst ? compileBody : lexParseBody);
  if (round >= 2)
    paired.push(lexParseFirst ? { lexParse: a, compile: b } : { lexParse: b, compile: a });
}
const rateOf = (values: number[]): Rate => ({ median: median(values), best: Math.max(...values) });
const lexParse = rateOf(paired.map((p) => p.lexParse.wall));
const uncached = rateOf(paired.map((p) => p.compile.wall));
const roundRatios = paired.map((p) => p.compile.wall / p.lexParse.wall);
// CPU time is what a loaded machine disturbs least: other processes take turns, not this one's work.
const cpuRatios = paired.map((p) => p.compile.cpu / p.lexParse.cpu);
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
const row = (label: string, rate: Rate, target = '') =>
  console.log(
    `  ${label.padEnd(34)}${fmt(rate.median)} /s ${us(rate.median)}   (best round ${fmt(rate.best).trim()} /s)${target}`,
  );
console.log(
  `Smart SQL compile throughput: ${DISTINCT.toLocaleString('en-US')} distinct queries, median of ${ROUNDS} rounds (best round in parentheses)`,
);
row('baseline: Chevrotain lex only', lexOnly);
row('baseline: lex + parse (CST)', lexParse);
row('compile, uncached (distinct)', uncached, '   target ≥ 50,000/s');
row('SmartSqlCompiler, cold cache', coldCompiler);
row('SmartSqlCompiler, cached', cached, '   target ≥ 1,000,000/s');
console.log('ratios (medians)');
console.log(
  `  uncached compile / lex only       ${(uncached.median / lexOnly.median).toFixed(2)}x (a compile costs ${(lexOnly.median / uncached.median).toFixed(1)} lexes)`,
);
console.log(
  `  uncached compile / lex + parse    ${(uncached.median / lexParse.median).toFixed(2)}x (AST + compile add ${(100 * (lexParse.median / uncached.median - 1)).toFixed(0)}% to lex + parse)`,
);
console.log(
  `  per round (compile / lex + parse)   ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}, median ${median(roundRatios).toFixed(2)} (target ≥ 0.50); load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `  by CPU time (compile / lex + parse) ${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)}, median ${median(cpuRatios).toFixed(2)}; lex + parse ${Math.round(median(paired.map((p) => p.lexParse.cpu))).toLocaleString('en-US')}/s, compile ${Math.round(median(paired.map((p) => p.compile.cpu))).toLocaleString('en-US')}/s of CPU`,
);
console.log(`  cached / uncached                 ${(cached.median / uncached.median).toFixed(0)}x`);
if (sink === 42) console.log('');

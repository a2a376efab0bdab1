import { describe, expect, it } from 'vitest';
import SummaryReporter from '../helpers/summary-reporter.js';

type FakeState = 'passed' | 'failed' | 'skipped';

// Builds the small slice of vitest's TestModule that the reporter reads.
function moduleWith(states: FakeState[], moduleState: 'passed' | 'failed' = 'passed') {
  return {
    state: () => moduleState,
    children: {
      *allTests() {
        for (const state of states) yield { result: () => ({ state }) };
      },
    },
  };
}

function summarise(modules: ReturnType<typeof moduleWith>[], unhandled = 0): string {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    written.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    new SummaryReporter().onTestRunEnd(
      modules as never,
      Array.from({ length: unhandled }, () => ({ message: 'boom' })) as never,
    );
  } finally {
    process.stdout.write = original;
  }
  return written.join('').trim();
}

describe('SummaryReporter', () => {
  it('counts passed, failed and skipped tests across modules', () => {
    const line = summarise([moduleWith(['passed', 'passed', 'failed']), moduleWith(['skipped'])]);
    expect(line).toBe('summary: 2 passed, 1 failed, 1 skipped');
  });

  it('counts a module that failed to load, and unhandled errors, as failures', () => {
    const line = summarise([moduleWith([], 'failed'), moduleWith(['passed'])], 1);
    expect(line).toBe('summary: 1 passed, 2 failed, 0 skipped');
  });
});

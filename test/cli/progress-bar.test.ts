import { describe, expect, it } from 'vitest';
import { createProgressBar, renderProgress } from '../../cli/progress-bar.js';

/** A terminal-like stream that records what is written. */
function terminal(isTTY: boolean, columns = 60) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
}

describe('renderProgress()', () => {
  it('draws a bar, a count and the current name within the width', () => {
    const line = renderProgress('describing', { done: 3, total: 12, name: 'Account' }, 60);
    expect(line).toMatch(/^describing \[#+-+\] {2}3\/12 Account$/);
    expect(line.length).toBeLessThan(60);
    expect(renderProgress('describing', { done: 12, total: 12, name: 'Zed' }, 60)).not.toContain(
      '-]',
    );
  });

  it('cuts long names to the terminal width', () => {
    const line = renderProgress('describing', { done: 1, total: 2, name: 'X'.repeat(200) }, 40);
    expect(line.length).toBe(39);
  });
});

describe('createProgressBar()', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const stream = terminal(false);
    const bar = createProgressBar(stream, 'describing');
    bar.update({ done: 1, total: 1, name: 'Account' });
    bar.finish();
    expect(stream.writes).toEqual([]);
  });

  it('redraws in place on a terminal, throttled, always drawing the last step, and clears at the end', () => {
    const stream = terminal(true);
    let now = 0;
    const bar = createProgressBar(stream, 'describing', () => now);
    bar.update({ done: 1, total: 3, name: 'A' });
    now = 10;
    bar.update({ done: 2, total: 3, name: 'B' }); // within the frame: skipped
    now = 20;
    bar.update({ done: 3, total: 3, name: 'C' }); // last: drawn
    bar.finish();
    expect(stream.writes).toHaveLength(3);
    const clear = '\r\u001b[2K';
    expect(stream.writes[0]?.startsWith(clear)).toBe(true);
    expect(stream.writes[0]?.slice(clear.length)).toMatch(/^describing \[.*\] 1\/3 A$/);
    expect(stream.writes[1]).toMatch(/3\/3 C$/);
    expect(stream.writes[2]).toBe(clear);
  });

  it('falls back to 80 columns when the terminal reports 0', () => {
    const stream = terminal(true, 0);
    createProgressBar(stream, 'describing').update({ done: 1, total: 1, name: 'Account' });
    expect(stream.writes[0]).toContain('1/1 Account');
  });

  it('stays cleared after finish: a late update (a sync ending after Ctrl-C) draws nothing', () => {
    const stream = terminal(true);
    let now = 0;
    const bar = createProgressBar(stream, 'syncDownAccount', () => now);
    bar.update({ done: 10, total: 100, name: 'RUNNING' });
    bar.finish();
    now = 1000;
    bar.update({ done: 44, total: 100, name: 'RUNNING' });
    bar.update({ done: 100, total: 100, name: 'STOPPED' });
    bar.finish();
    expect(stream.writes).toEqual([expect.stringMatching(/10\/100 RUNNING$/), '\r\u001b[2K']);
  });
});

import { shortDiff } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';

describe(shortDiff.name, () => {
  it('is empty for equal texts', () => {
    expect(shortDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('shows the changed lines with their line number', () => {
    expect(shortDiff('a\nb\nc\n', 'a\nB\nc\n')).toBe('@@ line 2 @@\n- b\n+ B');
  });

  it('shortens long changes', () => {
    const before = Array.from({ length: 30 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 30 }, (_, i) => `new ${i}`).join('\n');
    const diff = shortDiff(before, after, 4);
    expect(diff.split('\n')).toEqual([
      '@@ line 1 @@',
      '- old 0',
      '- old 1',
      '- … 28 more line(s)',
      '+ new 0',
      '+ new 1',
      '+ … 28 more line(s)',
    ]);
  });
});

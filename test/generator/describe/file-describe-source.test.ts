import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeError, fileDescribeSource } from 'soupkit/generator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RECORDED_DESCRIBES as recorded,
  SAMPLE_DESCRIBES as samples,
} from '../../helpers/paths.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'soupkit-describes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(fileDescribeSource.name, () => {
  it('lists the describe files of a folder', async () => {
    expect(await fileDescribeSource(samples).listSObjectNames()).toEqual([
      'Account',
      'Contact',
      'Invoice__c',
      'Opportunity',
    ]);
  });

  it('with global.describe.json, lists the saved objects it names', async () => {
    expect(await fileDescribeSource(recorded).listSObjectNames()).toEqual([
      'Account',
      'Case',
      'Contact',
      'Event',
      'Lead',
      'Opportunity',
      'OpportunityContactRole',
    ]);
    await writeFile(
      path.join(dir, 'global.describe.json'),
      JSON.stringify({ sobjects: [{ name: 'Account' }] }),
    );
    await writeFile(path.join(dir, 'Account.describe.json'), '{}');
    await writeFile(path.join(dir, 'Stray.describe.json'), '{}');
    expect(await fileDescribeSource(dir).listSObjectNames()).toEqual(['Account']);
  });

  it('returns raw describes in the order asked, with progress', async () => {
    const progress: string[] = [];
    const raws = await fileDescribeSource(recorded).describe(['Event', 'Account'], (p) =>
      progress.push(`${p.done}/${p.total} ${p.name}`),
    );
    expect(raws.map((r) => r.name)).toEqual(['Event', 'Account']);
    expect(raws[0]?.origin).toBe(path.join(recorded, 'Event.describe.json'));
    // Files are read several at a time: progress counts them in the order they are done.
    expect(progress.map((line) => line.split(' ')[0])).toEqual(['1/2', '2/2']);
    expect(progress.map((line) => line.split(' ')[1]).sort()).toEqual(['Account', 'Event']);
  });

  it('reports a missing describe file', async () => {
    const error = await fileDescribeSource(dir)
      .describe(['Nope__c'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DescribeError);
    expect(error).toMatchObject({ code: 'DESCRIBE_NOT_FOUND', objectName: 'Nope__c' });
  });

  it('reports malformed JSON with its line and column instead of crashing', async () => {
    await writeFile(
      path.join(dir, 'Broken__c.describe.json'),
      '{\n  "name": "Broken__c",\n  "fields": [\n}\n',
    );
    const error = await fileDescribeSource(dir)
      .describe(['Broken__c'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DescribeError);
    expect(error).toMatchObject({ code: 'DESCRIBE_SYNTAX', objectName: 'Broken__c' });
    expect((error as Error).message).toContain('Broken__c.describe.json:4:1: invalid JSON');
  });

  it('reports a folder that does not exist', async () => {
    await expect(
      fileDescribeSource(path.join(dir, 'missing')).listSObjectNames(),
    ).rejects.toMatchObject({
      code: 'DESCRIBE_NOT_FOUND',
    });
  });
});

import { fileURLToPath } from 'node:url';
import { check, fileDescribeSource, loadConfig } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';

const exampleConfig = fileURLToPath(
  new URL('../../examples/basic/soupkit.config.json', import.meta.url),
);

describe('examples/basic', () => {
  it('its committed generated code is what the generator renders now (npm start to refresh)', async () => {
    const config = await loadConfig(exampleConfig);
    const result = await check({ config, source: fileDescribeSource(config.config.describes) });
    const notOk = result.files
      .filter((f) => f.status !== 'ok')
      .map((f) => `${f.status} ${f.path}\n${f.diff ?? ''}`);
    expect(notOk).toEqual([]);
    expect(result.objects).toEqual(['Account', 'Contact', 'Invoice__c', 'Opportunity']);
  });
});

/**
 * `conn.tabs()` and `conn.theme()` through real jsforce: a tab and a theme
 * item per served type with a layout.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

describe('GET …/tabs and …/theme', () => {
  it('lists a tab per type, standard ones named standard-<Type>, linking to the type', async () => {
    const tabs = (await org.connect().tabs()) as unknown as Record<string, unknown>[];
    const account = tabs.find((tab) => tab.sobjectName === 'Account');
    expect(account).toMatchObject({
      name: 'standard-Account',
      custom: false,
      label: 'Accounts',
      url: `${org.emulator.url}/001/o`,
      colors: [],
      icons: [],
    });
    expect(tabs.find((tab) => tab.sobjectName === 'Invoice__c')).toMatchObject({
      name: 'Invoice__c',
      custom: true,
    });
  });

  it('answers a theme item per type, without colours or icons', async () => {
    const theme = (await org.connect().theme()) as unknown as {
      themeItems: { name: string; colors: unknown[]; icons: unknown[] }[];
    };
    expect(theme.themeItems.map((item) => item.name)).toContain('Contact');
    expect(theme.themeItems.every((item) => item.colors.length === 0)).toBe(true);
  });
});

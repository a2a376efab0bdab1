/**
 * Debian's Chromium (`/usr/bin/chromium`, installed by `.ci/run` with apt-get)
 * driven by playwright-core, which cannot download a browser here: a fresh
 * profile in a temporary folder, headless, nothing talking to the network.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.SOUPKIT_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running browser with a fresh profile; `close` also removes the profile. */
export interface OpenBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fixed viewport (screenshots stay the same from run to run). */
export async function openChromium(): Promise<OpenBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'soupkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

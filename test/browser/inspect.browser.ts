/**
 * `soupkit inspect` in a real browser, on a store made by examples/offline-sync
 * against the emulator (the example's loop, then offline edits, a record the
 * server refused and a FAILED sync): each view, without a reload, and the
 * screenshots of docs/inspect.md (docs/images/inspect-*.png).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInspect } from '../../cli/inspect/inspect-command.js';
import { useEmulator } from '../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { leaveTroubleInStore, runOfflineExample, TROUBLE } from '../helpers/troubled-store.js';
import { type OpenBrowser, openChromium } from './chromium.js';

const KEY = 'browser test key';
const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: join(REPO_ROOT, 'samples', 'records.json'),
});

let dir: string;
let url: string;
let stop: () => void;
let inspecting: Promise<number>;
let browser: OpenBrowser;
let page: Page;
/** Requests the page made that did not answer 2xx (there should be none). */
const failures: string[] = [];

/** Saves a screenshot of the page for docs/inspect.md, hiding what changes from run to run. */
async function screenshot(name: string): Promise<void> {
  await page.screenshot({
    path: join(REPO_ROOT, 'docs', 'images', `inspect-${name}.png`),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: [
      page.locator('time'),
      page.locator('td', { hasText: /^\d{4}-\d\d-\d\dT|^local_/ }),
      page.locator('[data-key="_soupLastModifiedDate"], [data-key="LastModifiedDate"]'),
    ],
    maskColor: '#d0d7de',
  });
}

async function view(name: string, heading: string): Promise<void> {
  await page.getByRole('link', { name }).click();
  await expect.poll(() => page.locator('h2').first().textContent()).toBe(heading);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soupkit-inspect-browser-'));
  const file = join(dir, 'store.db');
  await runOfflineExample(file, KEY, org.emulator);
  await leaveTroubleInStore(file, KEY, org.emulator);
  let printed = '';
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let listening: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const stream = {
    isTTY: false,
    write: (chunk: string) => {
      printed += chunk;
      if (printed.includes('Ctrl+C')) listening();
      return true;
    },
  };
  inspecting = runInspect(
    new Map([['store', file]]),
    {
      stdout: stream,
      stderr: stream,
      env: { SOUPKIT_STORE_KEY: KEY },
      cwd: dir,
    },
    stopped,
  );
  await Promise.race([started, inspecting]);
  url = /http:\/\/127\.0\.0\.1:\d+\/\S+\//.exec(printed)?.[0] ?? '';
  expect(url).not.toBe('');
  browser = await openChromium();
  page = await browser.context.newPage();
  page.on('response', (response) => {
    if (response.status() >= 300) failures.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  stop?.();
  await inspecting;
  await rm(dir, { recursive: true, force: true });
});

describe('soupkit inspect in Chromium', () => {
  it('shows the soups with their entry counts, index specs and size charts', async () => {
    await expect.poll(() => page.locator('table.soups').isVisible()).toBe(true);
    const rows = page.locator('table.soups tbody tr');
    const account = rows.filter({ hasText: /^Account/ });
    await expect.poll(() => account.locator('td').nth(1).textContent()).toBe('7');
    expect(await account.locator('td').nth(3).textContent()).toContain('__local__ string');
    expect(
      await rows
        .filter({ hasText: /^Contact/ })
        .locator('td')
        .nth(1)
        .textContent(),
    ).toBe('9');
    expect(await page.locator('figure svg[role="img"]').count()).toBe(2);
    expect(await page.locator('figure svg rect.bar').count()).toBeGreaterThan(3);
    await screenshot('soups');
  });

  it('pages the entries of a soup through a cursor and shows one entry as JSON, without a reload', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { marker: string }).marker = 'same page';
    });
    await view('Entries', 'Entries');
    await page.getByLabel('Soup', { exact: true }).selectOption('Contact');
    await expect
      .poll(() => page.locator('table.entries caption').textContent())
      .toContain('of Contact');
    await page.getByLabel('Page size', { exact: true }).selectOption('5');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => page.locator('.page-number').textContent()).toBe('Page 1 of 2');
    expect(await page.locator('table.entries tbody tr').count()).toBe(5);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.locator('.page-number').textContent()).toBe('Page 2 of 2');
    expect(await page.locator('table.entries tbody tr').count()).toBe(4);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => page.locator('.page-number').textContent()).toBe('Page 1 of 2');

    await page.getByLabel('Filter', { exact: true }).selectOption('like');
    await page.getByLabel('Index path', { exact: true }).selectOption('Name');
    await page.getByLabel('Key', { exact: true }).fill('Bruce%');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => page.locator('table.entries tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: /^JSON of entry/ }).click();
    const json = page.locator('.entry pre.json');
    await expect.poll(() => json.textContent()).toContain('"LastName": "Wayne"');
    expect(JSON.parse((await json.textContent()) ?? '')).toMatchObject({ FirstName: 'Bruce' });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe(
      'same page',
    );
    await screenshot('entries');
  });

  it('runs Smart SQL into a table, and shows a mistake at its line and column', async () => {
    await view('Smart SQL', 'Smart SQL console');
    const editor = page.getByLabel('Smart SQL', { exact: true });
    await editor.fill("select {Account:Name} from {Account}\nwhere {Account:Name} like 'G%'");
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => page.locator('table.query-rows caption').textContent()).toBe('1 row');
    expect(await page.locator('table.query-rows td').first().textContent()).toBe(
      'Globex Corporation',
    );
    await screenshot('sql');

    await editor.fill('select {Account:Name}\nfrom {Account} where {Acount:Name} = 1');
    await editor.press('Control+Enter');
    const marker = page.locator('pre.marker').first();
    await expect.poll(() => marker.getAttribute('data-line')).toBe('2');
    expect(await marker.getAttribute('data-column')).toBe('22');
    expect(await marker.textContent()).toBe(
      'from {Account} where {Acount:Name} = 1\n                     ^^^^^^^^^^^^^',
    );
    expect(await page.locator('.diagnostic strong').first().textContent()).toBe(
      'line 2, column 22',
    );
    await screenshot('sql-diagnostic');
  });

  it('shows every sync state, the FAILED one with its error, and the dirty records with __last_error__', async () => {
    await view('Sync', 'Sync');
    const failed = page.locator(`table.syncs tr.sync[data-sync="${TROUBLE.failedSync}"]`);
    await expect.poll(() => failed.locator('.status').textContent()).toBe('FAILED');
    const detail = page.locator(`table.syncs tr.sync-detail[data-sync="${TROUBLE.failedSync}"]`);
    expect(await detail.locator('.error-text').textContent()).toContain(TROUBLE.failedMessage);
    // The example's six configured syncs, its OVERWRITE sync up, and its
    // MERGE_FIELDS sync down and two sync ups (all four unnamed).
    expect(await page.locator('table.syncs tr.sync').count()).toBe(10);
    const refused = page.locator('table.dirty tbody tr', { hasText: 'STRING_TOO_LONG' });
    expect(await refused.count()).toBe(1);
    expect(await refused.locator('td').nth(3).textContent()).toBe('yes');
    await screenshot('sync');
    await page.locator('table.syncs summary').first().click();
    expect(await page.locator('table.syncs details[open] pre').textContent()).toContain('"target"');
  });

  it('is refused without the token, and every request of the page succeeded', async () => {
    const origin = new URL(url).origin;
    const other = await browser.context.newPage();
    const refused = await other.goto(`${origin}/`);
    expect(refused?.status()).toBe(401);
    expect(await other.locator('body').textContent()).toContain('carries the token');
    await other.close();
    // The query with a mistake answered 400; nothing else the page asked for failed.
    expect(failures).toEqual([`400 ${url}api/query`]);
  });
});

/**
 * What every answer carries, whatever the route: a `Date` from the org's clock
 * (not the machine's), and a keep-alive timeout longer than any client's, so
 * a client never reuses a socket the server is closing.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const HOURS = 60 * 60 * 1000;

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${org.emulator.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${org.emulator.accessToken}`, ...init.headers },
  });
}

/** The `Date` header of an answer, in ms since the epoch. */
function dateOf(response: Response): number {
  const header = response.headers.get('date');
  expect(header).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  return Date.parse(header as string);
}

describe('the Date header', () => {
  it("is the org's time, 2 hours behind the machine's when the test says so", async () => {
    const { clock, apiVersion } = org.emulator;
    clock.advance(-2 * HOURS);
    try {
      const response = await call(`/services/data/v${apiVersion}/query?q=SELECT+Id+FROM+Account`);
      expect(response.status).toBe(200);
      const date = dateOf(response);
      expect(Math.abs(date - clock.now())).toBeLessThan(5_000);
      expect(Date.now() - date).toBeGreaterThan(2 * HOURS - 5_000);
    } finally {
      clock.advance(2 * HOURS);
    }
  });

  it('is on errors and on fault replies too', async () => {
    const { clock, apiVersion, faults } = org.emulator;
    clock.set(Date.UTC(2030, 0, 2, 3, 4, 5));
    try {
      const unknown = await call(`/services/data/v${apiVersion}/nothing-here`);
      expect(unknown.status).toBe(404);
      const unauthorised = await fetch(`${org.emulator.url}/services/data/v${apiVersion}/sobjects`);
      expect(unauthorised.status).toBe(401);
      faults.add({ path: '/sobjects', respond: { status: 503, body: 'busy' } });
      const faulted = await call(`/services/data/v${apiVersion}/sobjects`);
      expect(faulted.status).toBe(503);
      for (const response of [unknown, unauthorised, faulted]) {
        expect(Math.abs(dateOf(response) - Date.UTC(2030, 0, 2, 3, 4, 5))).toBeLessThan(5_000);
      }
    } finally {
      clock.set(Date.now());
    }
  });
});

describe('keep-alive', () => {
  it('hints a 65 s timeout, longer than the 5 s a Node client keeps an idle socket', async () => {
    const response = await call(`/services/data/v${org.emulator.apiVersion}/sobjects`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });
});

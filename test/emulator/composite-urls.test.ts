/**
 * A composite sub-request's url is read as an HTTP request's would be, whether
 * it is a plain record path (taken as written) or needs parsing: a query
 * string, percent-encoding, `.` and `..` segments, a trailing slash — each
 * answered as the same request sent on its own (through real jsforce).
 */
import { expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

interface SubResponse {
  readonly httpStatusCode: number;
  readonly body: unknown;
}

it('answers each form of a url as the request on its own', async () => {
  const conn = org.connect();
  const [id] = org.emulator.org.insert('Account', [{ Name: 'Url forms', Phone: '555-0101' }]) as [
    string,
  ];
  const data = `/services/data/v${org.emulator.apiVersion}`;
  const urls = [
    `${data}/sobjects/Account/${id}`,
    `${data}/sobjects/Account/${id}?fields=Name`,
    `${data}/sobjects/%41ccount/${id}`,
    `${data}/sobjects/Contact/../Account/${id}`,
    `${data}/sobjects/./Account/${id}`,
    `${data}/sobjects/Account/${id}/`,
    `${data}/sobjects/Account/001000000000000AAA`,
    `${data}/sobjects/Account/${id}/Name?x=1`,
  ];
  const answer = (await conn.request({
    method: 'POST',
    url: `${data}/composite`,
    body: JSON.stringify({
      allOrNone: false,
      compositeRequest: urls.map((url, i) => ({ method: 'GET', url, referenceId: `r${i}` })),
    }),
    headers: { 'Content-Type': 'application/json' },
  })) as { compositeResponse: SubResponse[] };
  const alone = await Promise.all(
    urls.map(async (url) => {
      try {
        return { httpStatusCode: 200, body: await conn.request({ method: 'GET', url }) };
      } catch (error) {
        const { errorCode } = error as { errorCode?: string };
        return { httpStatusCode: 0, body: errorCode };
      }
    }),
  );
  expect(answer.compositeResponse).toHaveLength(urls.length);
  for (const [i, sub] of answer.compositeResponse.entries()) {
    const single = alone[i] as { httpStatusCode: number; body: unknown };
    if (single.httpStatusCode === 200) {
      expect(sub.httpStatusCode, urls[i]).toBe(200);
      expect(sub.body, urls[i]).toEqual(single.body);
    } else {
      expect(sub.httpStatusCode, urls[i]).toBeGreaterThanOrEqual(400);
      expect((sub.body as { errorCode?: string }[])[0]?.errorCode, urls[i]).toBe(single.body);
    }
  }
  // The forms do reach the record (the test would pass vacuously if every one failed).
  expect(answer.compositeResponse.filter((s) => s.httpStatusCode === 200).length).toBeGreaterThan(
    3,
  );
});

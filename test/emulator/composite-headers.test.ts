/**
 * A composite sub-request's own `httpHeaders` reach its route, as on the
 * platform: `If-Unmodified-Since` on a PATCH sub-request is answered 412 when
 * the record changed since, 204 otherwise (through real jsforce).
 */
import { expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

interface SubResponse {
  readonly httpStatusCode: number;
  readonly body: unknown;
}

it('answers each conditional PATCH sub-request by its own If-Unmodified-Since', async () => {
  const conn = org.connect();
  const [id] = org.emulator.org.insert('Account', [{ Name: 'Guarded composite' }]) as [string];
  const url = `/services/data/v${org.emulator.apiVersion}/sobjects/Account/${id}`;
  const past = new Date(org.emulator.clock.now() - 3_600_000).toUTCString();
  const future = new Date(org.emulator.clock.now() + 3_600_000).toUTCString();
  const answer = (await conn.request({
    method: 'POST',
    url: `/services/data/v${org.emulator.apiVersion}/composite`,
    body: JSON.stringify({
      allOrNone: false,
      compositeRequest: [
        {
          method: 'PATCH',
          url,
          referenceId: 'late',
          body: { Name: 'Late' },
          httpHeaders: { 'If-Unmodified-Since': past },
        },
        {
          method: 'PATCH',
          url,
          referenceId: 'onTime',
          body: { Name: 'On time' },
          httpHeaders: { 'If-Unmodified-Since': future },
        },
      ],
    }),
    headers: { 'Content-Type': 'application/json' },
  })) as { compositeResponse: SubResponse[] };
  const [late, onTime] = answer.compositeResponse;
  expect(late?.httpStatusCode).toBe(412);
  expect((late?.body as { errorCode: string }[] | undefined)?.[0]?.errorCode).toBe(
    'PRECONDITION_FAILED',
  );
  expect(onTime?.httpStatusCode).toBe(204);
  expect(org.emulator.org.get('Account', id)?.Name).toBe('On time');
});

/**
 * What a FAILED state's `error` holds. The Android SDK stores the message of
 * the exception that failed the run, and for an error answer of the server
 * that message is the answer's body, the platform's JSON array
 * (`[{"message":"…","errorCode":"INVALID_FIELD"}]`); soupkit stores the same,
 * so a state tells an invalid query from a server fault by its `errorCode`.
 * A failure with no server answer (a dropped connection, a full disk, an
 * answer sync refuses) stores its message.
 */
import { SalesforceRequestError } from './salesforce-client.js';

/**
 * The `error` of a state whose run failed with `error`.
 *
 * @example
 * stateErrorOf(failure); // '[{"message":"No such column \'Nope\' on entity \'Account\'…","errorCode":"INVALID_FIELD"}]'
 */
export function stateErrorOf(error: unknown): string {
  const answer = answeredCause(error);
  if (answer !== undefined) {
    const body = answer.body;
    const platformShaped =
      Array.isArray(body) && body.length > 0 && body.every((e) => typeof e === 'object' && e);
    return JSON.stringify(
      platformShaped ? body : [{ message: answer.message, errorCode: answer.errorCode }],
    );
  }
  return error instanceof Error ? error.message : String(error);
}

/** The server's error answer that caused `error`, if one did (looked for along `cause`). */
function answeredCause(error: unknown): SalesforceRequestError | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); ) {
    if (current instanceof SalesforceRequestError && current.answered) return current;
    seen.add(current);
    current = current.cause;
  }
  return undefined;
}

/**
 * A state's `error` for a person to read on one line: each error of a
 * server's answer as `CODE: message`, any other text as it is, newlines
 * folded.
 *
 * @example
 * stateErrorText('[{"message":"No such column","errorCode":"INVALID_FIELD"}]'); // 'INVALID_FIELD: No such column'
 */
export function stateErrorText(error: string): string {
  let parsed: unknown;
  try {
    parsed = error.trimStart().startsWith('[') ? JSON.parse(error) : undefined;
  } catch {
    parsed = undefined;
  }
  const lines = Array.isArray(parsed)
    ? parsed.map((item) => {
        const { errorCode, statusCode, message } = (item ?? {}) as Record<string, unknown>;
        const code = typeof errorCode === 'string' ? errorCode : statusCode;
        return typeof code === 'string'
          ? `${code}: ${String(message ?? '')}`
          : JSON.stringify(item);
      })
    : [error];
  return lines
    .join('; ')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/**
 * Request and response plumbing shared by the route modules: the plain-value
 * request and reply that the HTTP server and composite dispatch both use, JSON
 * and XML replies, Salesforce error bodies (a JSON array of `{message,
 * errorCode}`), body reading.
 */
import type { IncomingMessage } from 'node:http';

/**
 * A request as plain values: what a route handler sees, whether it came over
 * HTTP or from a composite call's sub-request.
 */
export interface EmulatorRequest {
  readonly method: string;
  /** The decoded path, without the query, e.g. `/services/data/v62.0/sobjects/Account`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header values by lower-cased name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (`''` when there is none). */
  readonly bodyText: string;
}

/** A reply a route hands back; the server writes it. */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Already serialised body; omitted for 204. */
  readonly body?: string;
}

/** One entry of a Salesforce REST error body. */
export interface SalesforceErrorEntry {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

/** @internal A JSON reply. */
export function json(status: number, value: unknown): EmulatorResponse {
  return rawJson(status, JSON.stringify(value));
}

/** @internal A JSON reply whose body is already serialised (describes are served as loaded). */
export function rawJson(status: number, body: string): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body };
}

/** @internal A SOAP/XML reply. */
export function xml(status: number, body: string): EmulatorResponse {
  return { status, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
}

/** @internal A Salesforce REST error: the body is a JSON array with one entry. */
export function sfError(
  status: number,
  errorCode: string,
  message: string,
  fields?: readonly string[],
): EmulatorResponse {
  const entry: SalesforceErrorEntry = fields
    ? { message, errorCode, fields }
    : { message, errorCode };
  return json(status, [entry]);
}

/** @internal The error every unknown path or unknown sObject gets, as on the platform. */
export function notFound(): EmulatorResponse {
  return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** @internal 401 for a missing, unknown or revoked bearer token. */
export function invalidSession(): EmulatorResponse {
  return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

/** @internal The token of an `Authorization: Bearer …` (or `OAuth …`) header, if any. */
export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  return /^(?:Bearer|OAuth)\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** @internal A route's early answer: thrown, and turned into its reply by the router. */
export class ReplyError extends Error {
  constructor(readonly reply: EmulatorResponse) {
    super(`HTTP ${reply.status}`);
  }
}

/** @internal The request body parsed as JSON; a `JSON_PARSER_ERROR` reply when it is not JSON. */
export function jsonBody(request: EmulatorRequest): unknown {
  if (request.bodyText.trim() === '') {
    throw new ReplyError(sfError(400, 'JSON_PARSER_ERROR', 'The request body is empty'));
  }
  try {
    return JSON.parse(request.bodyText) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReplyError(sfError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${detail}`));
  }
}

/** @internal The body a request log keeps: parsed JSON when it is JSON, else the text, else nothing. */
export function loggedBody(bodyText: string): unknown {
  if (bodyText === '') return undefined;
  try {
    return JSON.parse(bodyText) as unknown;
  } catch {
    return bodyText;
  }
}

/** The largest request body the emulator reads. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** @internal A request body over `MAX_BODY_BYTES`: answered 413, never read whole. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes`);
  }
}

/** @internal Reads a request body as UTF-8 text, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** @internal 413 in the platform's error shape; the connection closes, the rest of the body unread. */
export function bodyTooLarge(error: BodyTooLargeError): EmulatorResponse {
  const reply = sfError(413, 'REQUEST_ENTITY_TOO_LARGE', error.message);
  return { ...reply, headers: { ...reply.headers, connection: 'close' } };
}

/** @internal Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * The login endpoints jsforce uses, and identity:
 *
 * - `POST /services/Soap/u/{version}`: SOAP partner `login` (jsforce's `conn.login()` without
 *   an OAuth client). Answers a `loginResponse` envelope or a `soapenv:Fault` with HTTP 500.
 * - `POST /services/oauth2/token`: the OAuth 2.0 username-password grant (jsforce with
 *   `oauth2: { clientId, clientSecret }`) and the refresh-token grant jsforce uses on a 401.
 * - `POST /services/oauth2/revoke`, `GET /services/oauth2/userinfo`, `GET /id/{org}/{user}`.
 */
import { randomBytes } from 'node:crypto';
import { bearerToken, escapeXml, json, xml } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { ORG_ID, USER_ID } from '../state.js';

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** The text of the first `<name>` element (namespace prefix allowed), unescaped. */
function elementText(body: string, name: string): string | undefined {
  const match = new RegExp(
    `<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${name}>`,
  ).exec(body);
  return match ? unescapeXml(match[1] as string) : undefined;
}

function soapFault(faultcode: string, faultstring: string) {
  return xml(
    500,
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com">' +
      '<soapenv:Body><soapenv:Fault>' +
      `<faultcode>${escapeXml(faultcode)}</faultcode>` +
      `<faultstring>${escapeXml(faultstring)}</faultstring>` +
      '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
  );
}

async function soapLogin({ state, params, request }: RouteContext) {
  const version = params.soapVersion as string;
  const text = request.bodyText;
  if (!/^\d{2,3}\.\d$/.test(version)) {
    return soapFault('sf:UNSUPPORTED_API_VERSION', `UNSUPPORTED_API_VERSION: ${version}`);
  }
  if (!/<(?:[\w-]+:)?login[\s>]/.test(text)) {
    return soapFault('sf:INVALID_OPERATION', 'INVALID_OPERATION: only login is emulated');
  }
  const username = elementText(text, 'username') ?? '';
  const password = elementText(text, 'password') ?? '';
  const user = state.findUser(username, password);
  if (!user) {
    return soapFault(
      'sf:INVALID_LOGIN',
      'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
    );
  }
  const sessionId = state.issueToken(user.username);
  const tag = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
  const fullName = state.org.runningUser()?.Name;
  return xml(
    200,
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<soapenv:Body><loginResponse><result>' +
      tag('metadataServerUrl', `${state.baseUrl}/services/Soap/m/${version}/${ORG_ID}`) +
      tag('passwordExpired', 'false') +
      tag('sandbox', 'false') +
      tag('serverUrl', `${state.baseUrl}/services/Soap/u/${version}/${ORG_ID}`) +
      tag('sessionId', sessionId) +
      tag('userId', USER_ID) +
      '<userInfo>' +
      tag('organizationId', ORG_ID) +
      tag('organizationName', 'soupkit emulator') +
      tag('userEmail', user.username) +
      tag('userFullName', typeof fullName === 'string' ? fullName : user.username) +
      tag('userId', USER_ID) +
      tag('userName', user.username) +
      '</userInfo>' +
      '</result></loginResponse></soapenv:Body></soapenv:Envelope>',
  );
}

function oauthError(status: number, error: string, description: string) {
  return json(status, { error, error_description: description });
}

async function oauthToken({ state, request }: RouteContext) {
  const form = new URLSearchParams(request.bodyText);
  const grantType = form.get('grant_type');
  if (grantType !== 'password' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  if (!state.isKnownClient(form.get('client_id') ?? '', form.get('client_secret') ?? '')) {
    return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  }
  let username: string;
  if (grantType === 'refresh_token') {
    const user = state.refreshTokenUser(form.get('refresh_token') ?? '');
    if (user === undefined) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
    username = user;
  } else {
    const user = state.findUser(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) return oauthError(400, 'invalid_grant', 'authentication failure');
    username = user.username;
  }
  return json(200, {
    access_token: state.issueToken(username),
    instance_url: state.baseUrl,
    id: `${state.baseUrl}/id/${ORG_ID}/${USER_ID}`,
    token_type: 'Bearer',
    issued_at: String(state.clock.now()),
    signature: randomBytes(32).toString('base64'),
  });
}

/**
 * The identity of the session's user, as the platform's identity service
 * answers it: names and email from the org's `User` record, URLs of the REST
 * resources with the `{version}` placeholder the platform leaves in them.
 */
function identity(context: RouteContext) {
  const { state } = context;
  const user = state.org.runningUser() ?? {};
  const username =
    state.usernameOf(bearerToken(context.request.headers) ?? '') ??
    (typeof user.Username === 'string' ? user.Username : 'emulator@soupkit.invalid');
  const text = (value: unknown, fallback: string) =>
    typeof value === 'string' && value !== '' ? value : fallback;
  const base = state.baseUrl;
  const data = `${base}/services/data/v{version}`;
  return {
    id: `${base}/id/${ORG_ID}/${USER_ID}`,
    asserted_user: true,
    user_id: USER_ID,
    organization_id: ORG_ID,
    username,
    nick_name: text(user.Alias, username.split('@')[0] ?? username),
    display_name: text(user.Name, username),
    email: text(user.Email, username),
    email_verified: true,
    first_name: text(user.FirstName, ''),
    last_name: text(user.LastName, ''),
    timezone: text(user.TimeZoneSidKey, 'GMT'),
    photos: {
      picture: `${base}/profilephoto/005/F`,
      thumbnail: `${base}/profilephoto/005/T`,
    },
    urls: {
      rest: `${data}/`,
      sobjects: `${data}/sobjects/`,
      search: `${data}/search/`,
      query: `${data}/query/`,
      recent: `${data}/recent/`,
      profile: `${base}/${USER_ID}`,
      users: `${data}/chatter/users`,
      custom_domain: base,
    },
    active: true,
    user_type: 'STANDARD',
    language: text(user.LanguageLocaleKey, 'en_US'),
    locale: text(user.LocaleSidKey, 'en_US'),
    utcOffset: 0,
    last_modified_date: text(user.LastModifiedDate, new Date(state.clock.now()).toISOString()),
  };
}

/** @internal */
export const authRoutes: readonly Route[] = [
  { method: 'POST', path: '/services/Soap/u/:soapVersion', auth: false, handle: soapLogin },
  { method: 'POST', path: '/services/oauth2/token', auth: false, handle: oauthToken },
  {
    method: 'POST',
    path: '/services/oauth2/revoke',
    auth: false,
    handle: ({ state, request }) => {
      // A revoked refresh token also ends the sessions it would renew: both are forgotten.
      const token = new URLSearchParams(request.bodyText).get('token') ?? '';
      state.revokeToken(token);
      state.revokeRefreshToken(token);
      return json(200, {});
    },
  },
  {
    method: 'GET',
    path: '/services/oauth2/userinfo',
    auth: true,
    handle: (context) => {
      const info = identity(context);
      return json(200, {
        sub: info.id,
        user_id: info.user_id,
        organization_id: info.organization_id,
        preferred_username: info.username,
        name: info.display_name,
      });
    },
  },
  {
    method: 'GET',
    path: '/id/:orgId/:userId',
    auth: true,
    handle: (context) => json(200, identity(context)),
  },
];

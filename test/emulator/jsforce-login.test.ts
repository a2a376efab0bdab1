/**
 * The emulator against the real client: jsforce's SOAP login, OAuth password grant,
 * describe calls and error mapping, all over HTTP on loopback.
 */
import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { RECORDED_DESCRIBES as FIXTURES } from '../helpers/paths.js';

const org = useEmulator({
  describes: FIXTURES,
  users: [{ username: 'dev@example.com', password: 'secret<&>' }],
  oauthClients: [{ clientId: 'app-id', clientSecret: 'app-secret' }],
});

describe('SOAP login (conn.login without an OAuth client)', () => {
  it('logs in and the session describes objects', async () => {
    const conn = new Connection({ loginUrl: org.emulator.loginUrl, version: '62.0' });
    const user = await conn.login('dev@example.com', 'secret<&>');
    expect(user.organizationId).toBe('00D000000000001AAA');
    expect(conn.instanceUrl).toBe(org.emulator.url);
    const contact = await conn.describe('Contact');
    expect(contact.name).toBe('Contact');
    expect(org.emulator.requests.some((entry) => entry.path === '/services/Soap/u/62.0')).toBe(
      true,
    );
  });

  it('reports INVALID_LOGIN as jsforce does for a real org', async () => {
    const conn = new Connection({ loginUrl: org.emulator.loginUrl, version: '62.0' });
    await expect(conn.login('dev@example.com', 'wrong')).rejects.toThrow(
      'INVALID_LOGIN: Invalid username, password, security token; or user locked out.',
    );
  });

  it('answers a raw SOAP login envelope with serverUrl, sessionId, userId, organizationId', async () => {
    const response = await fetch(`${org.emulator.url}/services/Soap/u/60.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body:
        '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body>' +
        '<login xmlns="urn:partner.soap.sforce.com"><username>dev@example.com</username>' +
        '<password>secret&lt;&amp;&gt;</password></login></se:Body></se:Envelope>',
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain(
      `<serverUrl>${org.emulator.url}/services/Soap/u/60.0/00D000000000001AAA</serverUrl>`,
    );
    expect(text).toMatch(/<sessionId>00D000000000001AAA![\w-]+<\/sessionId>/);
    expect(text).toContain('<organizationId>00D000000000001AAA</organizationId>');
  });
});

describe('OAuth 2.0 password grant (conn.login with clientId/clientSecret)', () => {
  it('logs in through /services/oauth2/token', async () => {
    const conn = new Connection({
      loginUrl: org.emulator.loginUrl,
      version: '62.0',
      oauth2: { loginUrl: org.emulator.loginUrl, clientId: 'app-id', clientSecret: 'app-secret' },
    });
    await conn.login('dev@example.com', 'secret<&>');
    expect(conn.instanceUrl).toBe(org.emulator.url);
    expect((await conn.describeGlobal()).sobjects.length).toBe(9);
    const identity = await conn.identity();
    expect(identity.username).toBe('dev@example.com');
  });

  it('rejects an unknown client and a wrong password with OAuth error names', async () => {
    const badClient = new Connection({
      loginUrl: org.emulator.loginUrl,
      oauth2: { loginUrl: org.emulator.loginUrl, clientId: 'other', clientSecret: 'x' },
    });
    await expect(badClient.login('dev@example.com', 'secret<&>')).rejects.toMatchObject({
      name: 'invalid_client_id',
    });
    const badPassword = new Connection({
      loginUrl: org.emulator.loginUrl,
      oauth2: { loginUrl: org.emulator.loginUrl, clientId: 'app-id', clientSecret: 'app-secret' },
    });
    await expect(badPassword.login('dev@example.com', 'nope')).rejects.toMatchObject({
      name: 'invalid_grant',
      message: 'authentication failure',
    });
  });
});

describe('REST errors through jsforce', () => {
  it('maps 404 and 401 bodies to jsforce errorCodes', async () => {
    const conn = new Connection({
      instanceUrl: org.emulator.url,
      accessToken: org.emulator.accessToken,
      version: '62.0',
    });
    await expect(conn.describe('Missing__c')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    const stale = new Connection({
      instanceUrl: org.emulator.url,
      accessToken: 'expired',
      version: '62.0',
    });
    await expect(stale.describe('Account')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
  });
});

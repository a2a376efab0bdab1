/**
 * `getAuthCredentials` of the SDK's JS APIs: the configured session with every
 * key the SDK gives. `userId` and `orgId` not configured are asked once from
 * the org's `/services/oauth2/userinfo`.
 */

import { sendRequest } from './net-core.js';
import { DEFAULT_USER_AGENT, requireOrg } from './settings.js';

/** The credentials object of `oauth.getAuthCredentials`. */
export interface AuthCredentials {
  accessToken: string;
  refreshToken: string | null;
  clientId: string | null;
  userId: string;
  orgId: string;
  loginUrl: string;
  instanceUrl: string;
  userAgent: string;
  communityId: string | null;
  communityUrl: string | null;
}

const asked = new Map<string, Promise<{ userId: string; orgId: string }>>();

function identity(instanceUrl: string, accessToken: string) {
  const key = `${instanceUrl} ${accessToken}`;
  let found = asked.get(key);
  if (found === undefined) {
    found = sendRequest({ endPoint: '', path: '/services/oauth2/userinfo' }).then((info) => {
      const { user_id, organization_id } = info as { user_id?: string; organization_id?: string };
      return { userId: user_id ?? '', orgId: organization_id ?? '' };
    });
    asked.set(key, found);
    found.catch(() => asked.delete(key));
  }
  return found;
}

/**
 * The signed-in session's credentials.
 *
 * @example
 * const { accessToken, instanceUrl } = await getAuthCredentials();
 */
export async function getAuthCredentials(): Promise<AuthCredentials> {
  const org = requireOrg('oauth.getAuthCredentials');
  const ids =
    org.userId !== undefined && org.orgId !== undefined
      ? { userId: org.userId, orgId: org.orgId }
      : await identity(org.instanceUrl, org.accessToken);
  return {
    accessToken: org.accessToken,
    refreshToken: org.refreshToken ?? null,
    clientId: org.clientId ?? null,
    userId: org.userId ?? ids.userId,
    orgId: org.orgId ?? ids.orgId,
    loginUrl: org.loginUrl ?? 'https://login.salesforce.com',
    instanceUrl: org.instanceUrl,
    userAgent: org.userAgent ?? DEFAULT_USER_AGENT,
    communityId: org.communityId ?? null,
    communityUrl: org.communityUrl ?? null,
  };
}

/**
 * OAuth 2.0 errors as the RFCs name them: the token endpoint answers them as JSON (RFC 6749 §5.2),
 * the authorization endpoint as query parameters on the app's redirect URI (§4.1.2.1).
 */
export const oauthErrorCodes = [
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
  'access_denied', 'unsupported_response_type', 'server_error',
] as const;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

export class OAuthError extends Error {
  /** 401 for a client that failed to authenticate, else 400 (RFC 6749 §5.2). */
  readonly status: number;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = error === 'invalid_client' ? 401 : error === 'server_error' ? 500 : 400;
  }
}

import {
  LegacySessionFormatError,
  LoginThrottledError,
  SigningKeyRotatedEvent,
  TokenExpiredError,
} from '../errors';
import type {
  DemoRequest,
  DemoScenario,
  DemoServiceDefinition,
  ScenarioContext,
} from '../types';
import {
  baseHeaders,
  fakeJwt,
  handleRequest,
  runJob,
  USERS,
} from './middleware';

const ORIGIN = 'https://auth.shop.example';

// ---------------------------------------------------------------------------
// Application code of api-auth (what the real service would contain).
// ---------------------------------------------------------------------------

interface AccessTokenClaims {
  sub: string;
  scope: string;
  iat: number;
  exp: number;
}

interface LoginBody {
  username: string;
  client_id: string;
  remember?: boolean;
}

interface UserProfile {
  id: string;
  roles: string[];
}

const ROLE_PERMISSIONS: Record<string, string[]> = {
  customer: ['orders:read', 'profile:write'],
  support: ['orders:read', 'orders:refund', 'users:read'],
  admin: ['*'],
};

/** Profiles of the users that exist; deleted users still hold valid tokens. */
const PROFILES = new Map<string, UserProfile>([
  ['u-1001', { id: 'u-1001', roles: ['customer'] }],
  ['u-1002', { id: 'u-1002', roles: ['customer', 'support'] }],
  ['u-1003', { id: 'u-1003', roles: ['admin'] }],
]);

function decodeJwtClaims(token: string): AccessTokenClaims {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

export function verifyAccessToken(
  authorization: string | undefined,
  now: Date,
): AccessTokenClaims {
  if (!authorization?.startsWith('Bearer ')) {
    throw new Error('missing bearer token');
  }
  const claims = decodeJwtClaims(authorization.slice('Bearer '.length));
  if (claims.exp * 1000 <= now.getTime()) {
    throw new TokenExpiredError(new Date(claims.exp * 1000), now);
  }
  return claims;
}

export function parseLoginBody(raw: string): LoginBody {
  const body = JSON.parse(raw) as LoginBody;
  if (typeof body.username !== 'string') {
    throw new Error('username is required');
  }
  return body;
}

function loadProfile(userId: string): UserProfile {
  // Bug: a user deleted after signing in has no profile any more.
  return PROFILES.get(userId) as UserProfile;
}

export function resolvePermissions(userId: string): string[] {
  const profile = loadProfile(userId);
  return profile.roles.flatMap(role => ROLE_PERMISSIONS[role] ?? []);
}

export function decodeSessionCookie(cookieHeader: string): {
  sessionId: string;
} {
  const cookies = new Map(
    cookieHeader.split(';').map(part => {
      const [key, ...value] = part.trim().split('=');
      return [key, value.join('=')] as const;
    }),
  );
  const sid = cookies.get('sid') ?? '';
  if (sid.startsWith('v1.')) {
    throw new LegacySessionFormatError(
      'session cookie uses the retired v1 format (issued before the session store migration); the user has to sign in again',
    );
  }
  const [version, sessionId] = sid.split('.');
  if (version !== 'v2' || !sessionId) {
    throw new Error('malformed session cookie');
  }
  return { sessionId };
}

export const MAX_FAILED_LOGINS = 5;

export function checkLoginAttempts(
  username: string,
  failuresInLastMinute: number,
): void {
  if (failuresInLastMinute >= MAX_FAILED_LOGINS) {
    throw new LoginThrottledError(
      `${failuresInLastMinute} failed logins for "${username}" within 60s; account locked for 300s`,
    );
  }
}

export function rotateSigningKeys(now: Date, nextKid: string): void {
  const graceUntil = new Date(now.getTime() + 24 * 3600 * 1000);
  // Not a failure: reported at severity info so that it appears next to the
  // TokenExpiredError spike that usually follows a rotation.
  throw new SigningKeyRotatedEvent(
    `signing key rotated to kid ${nextKid}; tokens signed with the previous key are accepted until ${graceUntil.toISOString()}`,
  );
}

// ---------------------------------------------------------------------------
// Scenarios: the traffic that makes the code above fail.
// ---------------------------------------------------------------------------

function request(
  context: ScenarioContext,
  method: string,
  path: string,
  extra: Record<string, string>,
  body?: string,
): DemoRequest {
  return {
    method,
    url: `${ORIGIN}${path}`,
    headers: { ...baseHeaders(context), ...extra },
    body: body ?? null,
  };
}

const tokenExpired: DemoScenario = {
  id: 'token-expired',
  errorClass: 'TokenExpiredError',
  severity: 'error',
  description:
    'GET /v1/userinfo with an expired bearer token (HTTP context with Authorization and Cookie headers)',
  meanIntervalMs: 8_000,
  run(context) {
    const now = context.now();
    const exp = Math.floor(now.getTime() / 1000) - context.random.int(5, 7200);
    const token = fakeJwt(context, {
      sub: `u-${context.random.int(1001, 1099)}`,
      scope: 'openid profile orders',
      iat: exp - 3600,
      exp,
    });
    handleRequest(
      context,
      request(context, 'GET', '/v1/userinfo', {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
        Cookie: `sid=v2.${context.random.hex(32)}; theme=dark`,
      }),
      function getUserInfo(req) {
        verifyAccessToken(req.headers.Authorization, now);
      },
    );
  },
};

const loginBodyInvalidJson: DemoScenario = {
  id: 'login-invalid-json',
  errorClass: 'SyntaxError',
  severity: 'error',
  description:
    'POST /v1/login whose JSON body was truncated by a flaky mobile client',
  meanIntervalMs: 15_000,
  run(context) {
    const full = JSON.stringify({
      username: context.random.pick(USERS),
      client_id: context.random.pick(['web', 'ios', 'android']),
      remember: true,
    });
    const body = full.slice(0, context.random.int(12, full.length - 3));
    handleRequest(
      context,
      request(
        context,
        'POST',
        '/v1/login',
        { 'Content-Type': 'application/json' },
        body,
      ),
      function postLogin(req) {
        parseLoginBody(req.body ?? '');
      },
    );
  },
};

const permissionsOfDeletedUser: DemoScenario = {
  id: 'permissions-deleted-user',
  errorClass: 'TypeError',
  severity: 'error',
  description:
    "GET /v1/users/:id/permissions for a deleted user: reads 'roles' of undefined",
  meanIntervalMs: 20_000,
  run(context) {
    const userId = `u-${context.random.int(2000, 2999)}`;
    const token = fakeJwt(context, {
      sub: userId,
      scope: 'openid',
      iat: 0,
      exp: 0,
    });
    handleRequest(
      context,
      request(context, 'GET', `/v1/users/${userId}/permissions`, {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
      }),
      function getUserPermissions() {
        resolvePermissions(userId);
      },
    );
  },
};

const legacySession: DemoScenario = {
  id: 'legacy-session',
  errorClass: 'LegacySessionFormatError',
  severity: 'error',
  description:
    'GET /v1/session with a pre-migration session cookie; STOPS after 5 minutes (the last legacy sessions expired: a "fixed bug")',
  meanIntervalMs: 12_000,
  stopAfterMs: 5 * 60_000,
  run(context) {
    handleRequest(
      context,
      request(context, 'GET', '/v1/session', {
        Accept: 'application/json',
        Cookie: `sid=v1.${context.random.hex(24)}; locale=en-GB`,
      }),
      function getSession(req) {
        decodeSessionCookie(req.headers.Cookie);
      },
    );
  },
};

const loginThrottled: DemoScenario = {
  id: 'login-throttled',
  errorClass: 'LoginThrottledError',
  severity: 'warning',
  description: 'POST /v1/login: too many failed attempts for one account',
  meanIntervalMs: 25_000,
  run(context) {
    const username = context.random.pick(USERS);
    const failures = context.random.int(MAX_FAILED_LOGINS, 12);
    handleRequest(
      context,
      request(
        context,
        'POST',
        '/v1/login',
        { 'Content-Type': 'application/json' },
        JSON.stringify({ username, client_id: 'web' }),
      ),
      function postLogin() {
        checkLoginAttempts(username, failures);
      },
    );
  },
};

const signingKeyRotated: DemoScenario = {
  id: 'signing-key-rotated',
  errorClass: 'SigningKeyRotatedEvent',
  severity: 'info',
  description: 'background job: the JWT signing key was rotated (info level)',
  meanIntervalMs: 60_000,
  run(context) {
    const now = context.now();
    runJob(context, function rotateSigningKeysJob() {
      rotateSigningKeys(
        now,
        `${now.getUTCFullYear()}-${context.random.hex(6)}`,
      );
    });
  },
};

export const apiAuth: DemoServiceDefinition = {
  name: 'api-auth',
  description:
    'Sign-in, sessions and access tokens for the shop (3 instances).',
  owner: 'team-identity',
  ports: [9101, 9102, 9103],
  scenarios: [
    tokenExpired,
    loginBodyInvalidJson,
    permissionsOfDeletedUser,
    legacySession,
    loginThrottled,
    signingKeyRotated,
  ],
};

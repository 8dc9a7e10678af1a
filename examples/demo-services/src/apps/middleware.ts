import {
  DuplicateRowSkipped,
  IdempotentReplayNotice,
  LoginThrottledError,
  SigningKeyRotatedEvent,
  ValidationError,
} from '../errors';
import type { DemoRequest, DemoSeverity, ScenarioContext } from '../types';

/** How the demo services classify what they catch, like a real error middleware. */
export function severityOf(error: unknown): DemoSeverity {
  if (
    error instanceof SigningKeyRotatedEvent ||
    error instanceof IdempotentReplayNotice
  ) {
    return 'info';
  }
  if (
    error instanceof ValidationError ||
    error instanceof LoginThrottledError ||
    error instanceof DuplicateRowSkipped
  ) {
    return 'warning';
  }
  return 'error';
}

/**
 * Runs a request handler; whatever it throws is reported to Periskop with the
 * request as HTTP context, the way an error-handling middleware would.
 */
export function handleRequest(
  context: ScenarioContext,
  request: DemoRequest,
  handler: (request: DemoRequest) => void,
  options: { aggregationKey?: string } = {},
): void {
  try {
    handler(request);
  } catch (error) {
    context.report(error, {
      severity: severityOf(error),
      request,
      aggregationKey: options.aggregationKey,
    });
  }
}

/** Runs a background job (no HTTP request); reports whatever it throws. */
export function runJob(context: ScenarioContext, job: () => void): void {
  try {
    job();
  } catch (error) {
    context.report(error, { severity: severityOf(error) });
  }
}

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'shop-ios/5.12.1 (iPhone; iOS 17.5.1)',
  'shop-android/5.12.0 (Pixel 8; Android 14)',
  'okhttp/4.12.0',
];

/** Headers that every request in the demo carries. */
export function baseHeaders(context: ScenarioContext): Record<string, string> {
  const { random } = context;
  return {
    'User-Agent': random.pick(USER_AGENTS),
    'X-Request-Id': random.uuid(),
    'X-Forwarded-For': `203.0.113.${random.int(2, 254)}`,
  };
}

/** A JWT-shaped bearer token (unsigned, but looks like the real thing). */
export function fakeJwt(
  context: ScenarioContext,
  claims: Record<string, unknown>,
): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const signature = Buffer.from(context.random.hex(64), 'hex').toString(
    'base64url',
  );
  return `${encode({ alg: 'RS256', kid: '2025-06', typ: 'JWT' })}.${encode(
    claims,
  )}.${signature}`;
}

export const USERS = [
  'alice@shop.example',
  'bob@shop.example',
  'carol@shop.example',
  'dave@shop.example',
  'erin@shop.example',
];

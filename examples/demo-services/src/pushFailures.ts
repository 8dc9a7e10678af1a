import { PushGatewayError } from '@periskop-backstage/periskop-client';

/** A failed push, summarised: `key` tells failures apart, `text` is for people. */
export interface PushFailure {
  key: string;
  text: string;
}

/** The `code` of a network error, as undici puts it (also in an AggregateError). */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause as
    | { code?: unknown; errors?: Array<{ code?: unknown }> }
    | undefined;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The message of a Backstage error body (`{ error: { message } }`), if it is one. */
function backendMessage(error: PushGatewayError): string | undefined {
  const body = /: (\{.*)$/s.exec(error.message)?.[1];
  if (!body) {
    return undefined;
  }
  try {
    const message = JSON.parse(body)?.error?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    // the body was cut at 200 characters, or is not JSON
    return undefined;
  }
}

/**
 * Says in one line why a push of a demo job failed, and what to do about
 * it; the usual reasons (the backend is still starting, the catalog has not
 * read the entity yet, a wrong token) get a hint instead of a stack trace.
 */
export function describePushFailure(
  error: unknown,
  target: { backendUrl: string; entityRef: string },
): PushFailure {
  if (error instanceof PushGatewayError) {
    const said = backendMessage(error);
    const answered = `the backend answered HTTP ${error.status}`;
    const hints: Record<number, string> = {
      401: 'it does not accept the token: DEMO_PUSH_TOKEN must be a static token of backend.auth.externalAccess in app-config.yaml',
      403: 'the token may not access the periskop plugin (accessRestrictions of backend.auth.externalAccess)',
      404: `${target.entityRef} is not in the catalog (yet), or has no periskop.io annotation`,
      429: 'too many pushes (periskop.push.maxPushesPerMinute); a lower DEMO_SPEED pushes less often',
      503: 'it is still starting',
    };
    const hint = hints[error.status] ?? said ?? error.message;
    return {
      key: `http ${error.status}`,
      text: `${answered}: ${hint}${
        said && hints[error.status] ? ` ("${said}")` : ''
      }`,
    };
  }
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') {
    return { key: 'timeout', text: 'the backend did not answer in time' };
  }
  const code = networkCode(error);
  if (code === 'ECONNREFUSED') {
    return {
      key: code,
      text: `nothing listens at ${target.backendUrl} (connection refused): is the backend up yet?`,
    };
  }
  if (code) {
    return { key: code, text: `cannot reach ${target.backendUrl} (${code})` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { key: message, text: message };
}

/**
 * Prints each distinct push failure once until a push succeeds again, so a
 * backend that is down for a while costs one line, not one per run.
 */
export class PushFailureLog {
  private readonly printed = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  /** Prints the failure, unless the same one was printed since the last success. */
  failed(failure: PushFailure, line: (text: string) => string): void {
    if (!this.printed.has(failure.key)) {
      this.printed.add(failure.key);
      this.write(line(failure.text));
    }
  }

  /** Forgets the printed failures; true when there were any (pushes recovered). */
  succeeded(): boolean {
    const recovered = this.printed.size > 0;
    this.printed.clear();
    return recovered;
  }
}

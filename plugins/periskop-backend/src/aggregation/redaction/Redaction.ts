import {
  ParsedErrorInstance,
  ParsedHttpContext,
  ParsedSample,
} from '@periskop-backstage/plugin-periskop-common';
import { redactBody } from './redactBody';
import { DEFAULT_REDACTED_HEADERS, redactHeaders } from './redactHeaders';
import { redactNamedValues } from './redactNamedValues';
import { redactSecretValues } from './redactSecretValues';
import { redactUrl } from './redactUrl';
import {
  DEFAULT_SECRET_NAME_PATTERNS,
  SecretNameMatcher,
  secretNameMatcher,
} from './secretNames';

/** What is redacted; every list is complete (defaults included). */
export interface RedactionSettings {
  /** Names of request headers whose values are always redacted (any case). */
  headers: readonly string[];
  /** Name patterns of URL query parameters and fragment fields (see `DEFAULT_SECRET_NAME_PATTERNS`). */
  queryParameters: readonly string[];
  /** Name patterns of JSON members (at any depth) and form fields of request bodies. */
  bodyFields: readonly string[];
  /** Whether card numbers, bearer tokens, JWTs and URL credentials are redacted wherever they appear. */
  values: boolean;
}

/** `periskop.redact.values`: secret-shaped values are redacted unless turned off. */
export const DEFAULT_REDACT_VALUES = true;

/** The redaction without configuration. */
export const DEFAULT_REDACTION_SETTINGS: RedactionSettings = {
  headers: DEFAULT_REDACTED_HEADERS,
  queryParameters: DEFAULT_SECRET_NAME_PATTERNS,
  bodyFields: DEFAULT_SECRET_NAME_PATTERNS,
  values: DEFAULT_REDACT_VALUES,
};

/**
 * Removes secrets and personal data from what clients report, before
 * anything of it is stored, hashed, indexed for search or logged: header
 * values, query parameters, body fields, and secret-shaped values in every
 * text (messages, stack frames, causes, URLs, bodies, header values and
 * aggregation keys).
 *
 * Stack frames are redacted as well as messages: Python and Java traces
 * repeat the message, and source lines shown in traces hold literals. The
 * cost is bounded because only samples of keys whose count moved are read,
 * and every rule first checks cheaply whether a text can match at all.
 */
export class Redaction {
  readonly #headers: ReadonlySet<string>;
  readonly #isSecretParameter: SecretNameMatcher;
  readonly #isSecretField: SecretNameMatcher;
  /** Free text and header names are checked against both kinds of name. */
  readonly #isSecretName: SecretNameMatcher;
  readonly #values: boolean;

  constructor(settings: RedactionSettings) {
    this.#headers = new Set(settings.headers.map(h => h.toLowerCase()));
    this.#isSecretParameter = secretNameMatcher(settings.queryParameters);
    this.#isSecretField = secretNameMatcher(settings.bodyFields);
    this.#isSecretName = secretNameMatcher([
      ...settings.queryParameters,
      ...settings.bodyFields,
    ]);
    this.#values = settings.values;
  }

  /** Redacts running text: values of secret-looking names, and secret-shaped values. */
  readonly redactText = (text: string): string => {
    const named = redactNamedValues(text, this.#isSecretName);
    return this.#values ? redactSecretValues(named) : named;
  };

  /** Redacts class, message and stack of an error and its whole cause chain. */
  redactError(
    error: ParsedErrorInstance,
    redactText: (text: string) => string = this.redactText,
  ): ParsedErrorInstance {
    return {
      class: redactText(error.class),
      message: redactText(error.message),
      stacktrace: error.stacktrace.map(line => redactText(line)),
      cause: error.cause ? this.redactError(error.cause, redactText) : null,
    };
  }

  /** Redacts the URL, the headers and the body of a request. */
  redactHttpContext(
    context: ParsedHttpContext | null,
    redactText: (text: string) => string = this.redactText,
  ): ParsedHttpContext | null {
    if (!context) {
      return null;
    }
    const contentType = Object.entries(context.requestHeaders).find(
      ([name]) => name.toLowerCase() === 'content-type',
    )?.[1];
    return {
      requestMethod: context.requestMethod,
      requestUrl: redactUrl(
        context.requestUrl,
        this.#isSecretParameter,
        redactText,
      ),
      requestHeaders: redactHeaders(
        context.requestHeaders,
        name =>
          this.#headers.has(name.toLowerCase()) || this.#isSecretName(name),
        redactText,
      ),
      requestBody:
        context.requestBody === null
          ? null
          : redactBody(
              context.requestBody,
              contentType,
              this.#isSecretField,
              redactText,
            ),
    };
  }

  /**
   * Redacts the errors and requests of samples. The samples of one key
   * mostly repeat the same stack frames, so each distinct text is redacted
   * once per call. The result is kept for the same array, which the
   * payload reader hands out on every read: an apply that runs its
   * computation again (groups to create first, a deadlock) does not redact
   * again. It goes with the payload (a weak reference), so no raw text
   * outlives it.
   */
  redactSamples(samples: readonly ParsedSample[]): ParsedSample[] {
    let result = this.#redactedSamples.get(samples);
    if (!result) {
      result = this.#redactSamples(samples);
      this.#redactedSamples.set(samples, result);
    }
    return result;
  }

  readonly #redactedSamples = new WeakMap<
    readonly ParsedSample[],
    ParsedSample[]
  >();

  #redactSamples(samples: readonly ParsedSample[]): ParsedSample[] {
    const redacted = new Map<string, string>();
    const redactText = (text: string) => {
      let result = redacted.get(text);
      if (result === undefined) {
        result = this.redactText(text);
        redacted.set(text, result);
      }
      return result;
    };
    return samples.map(sample => ({
      ...sample,
      error: this.redactError(sample.error, redactText),
      httpContext: this.redactHttpContext(sample.httpContext, redactText),
    }));
  }
}

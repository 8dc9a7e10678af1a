import Ajv, { ValidateFunction } from 'ajv';
import { Server } from 'node:http';
import request from 'supertest';
import { spec } from '../schema/openapi';

/*
 * Every answer of the plugin's API, checked against `src/schema/openapi.yaml`:
 * the operation must be in the spec, the status must be one of its
 * responses, and the body must match that response's schema (or be empty
 * where the spec gives none). The router tests send every request through
 * `specRequest`, so an answer the spec does not describe fails its test.
 */

/** Where the plugin is mounted in a test backend. */
const BASE_PATH = '/api/periskop';

type Method = 'get' | 'post' | 'delete';
type Schema = Record<string, unknown>;

/** What is checked of an answer (a supertest `Response` has all of it). */
export interface AnswerToCheck {
  status: number;
  /** The media type, without parameters. */
  type: string;
  body: unknown;
  text?: string;
}

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema({
  $id: 'spec',
  definitions: toJsonSchema(spec.components.schemas),
});
const validators = new Map<string, ValidateFunction>();

/**
 * OpenAPI 3.0 schema objects as the JSON Schema ajv reads: `nullable`
 * becomes "or null", and component refs point into the `spec` schema.
 */
function toJsonSchema(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(toJsonSchema);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const { nullable, ...rest } = value as Schema;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, v]) =>
      key === '$ref' && typeof v === 'string'
        ? [key, v.replace('#/components/schemas/', 'spec#/definitions/')]
        : [key, toJsonSchema(v)],
    ),
  );
  return nullable ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** The spec's path template (`/errors/{id}`) that a request path matches. */
function findPathTemplate(path: string): string | undefined {
  const segments = path.split('/');
  const matches = Object.keys(spec.paths).filter(template => {
    const parts = template.split('/');
    return (
      parts.length === segments.length &&
      parts.every(
        (part, i) =>
          part === segments[i] || (/^\{.+\}$/.test(part) && segments[i] !== ''),
      )
    );
  });
  // a literal segment beats a parameter (none overlap today)
  const literals = (template: string) =>
    template.split('/').filter(part => !part.startsWith('{')).length;
  return matches.sort((a, b) => literals(b) - literals(a))[0];
}

/** The documented response of an operation for a status, refs resolved. */
function findResponse(
  template: string,
  method: Method,
  status: number,
): { content?: { 'application/json'?: { schema: unknown } } } | undefined {
  const operation = (spec.paths as Record<string, any>)[template]?.[method];
  const response = operation?.responses?.[String(status)];
  if (response?.$ref) {
    const name = String(response.$ref).split('/').pop()!;
    return (spec.components.responses as Record<string, any>)[name];
  }
  return response;
}

/**
 * Throws unless the answer to `method url` is what the spec says that
 * operation answers with that status.
 */
export function assertMatchesSpec(
  method: Method,
  url: string,
  answer: AnswerToCheck,
): void {
  const what = `${method.toUpperCase()} ${url} (${answer.status})`;
  const path = url.split('?')[0];
  if (!path.startsWith(`${BASE_PATH}/`)) {
    throw new Error(`${what}: not a request to the plugin's API`);
  }
  const template = findPathTemplate(path.slice(BASE_PATH.length));
  if (!template) {
    throw new Error(`${what}: no path of the OpenAPI spec matches`);
  }
  const operation = (spec.paths as Record<string, any>)[template][method];
  if (!operation) {
    throw new Error(`${what}: the spec has no ${method} on ${template}`);
  }
  const response = findResponse(template, method, answer.status);
  if (!response) {
    throw new Error(
      `${what}: status ${answer.status} is not among the documented responses of ${operation.operationId}`,
    );
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    if (answer.text) {
      throw new Error(
        `${what}: the spec documents no body, got ${answer.text}`,
      );
    }
    return;
  }
  if (answer.type !== 'application/json') {
    throw new Error(`${what}: expected JSON, got ${answer.type || 'no body'}`);
  }
  const key = `${method} ${template} ${answer.status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema));
    validators.set(key, validate);
  }
  if (!validate(answer.body)) {
    throw new Error(
      `${what}: the body does not match the spec's ${
        operation.operationId
      } response: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`,
    );
  }
}

/**
 * `supertest` for the plugin's API in which every answer is checked with
 * {@link assertMatchesSpec} before the test sees it. Paths start with
 * `/api/periskop`.
 */
export function specRequest(server: Server) {
  const send = (method: Method) => (url: string) =>
    request(server)
      [method](url)
      .expect(res => assertMatchesSpec(method, url, res));
  return { get: send('get'), post: send('post'), delete: send('delete') };
}

import { assertMatchesSpec } from './openApiResponses';

const group = {
  id: '7',
  entityRef: 'component:default/api',
  aggregationKey: 'TypeError@abc',
  class: 'TypeError',
  message: 'x is undefined',
  severity: 'error',
  status: 'open',
  regressed: false,
  regressedAt: null,
  totalCount: 3,
  firstSeen: '2026-11-21T09:00:00.000Z',
  lastSeen: '2026-11-21T10:00:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
};

const notFound = {
  error: { name: 'NotFoundError', message: 'No error with id 7' },
  request: { method: 'POST', url: '/api/periskop/errors/7/resolve' },
  response: { statusCode: 404 },
};

const json = (status: number, body: unknown) => ({
  status,
  type: 'application/json',
  body,
  text: JSON.stringify(body),
});

describe('assertMatchesSpec', () => {
  it('accepts documented answers, with and without a body', () => {
    expect(() =>
      assertMatchesSpec(
        'post',
        '/api/periskop/errors/7/resolve',
        json(200, group),
      ),
    ).not.toThrow();
    expect(() =>
      assertMatchesSpec(
        'post',
        '/api/periskop/errors/7/resolve?x=1',
        json(404, notFound),
      ),
    ).not.toThrow();
    expect(() =>
      assertMatchesSpec(
        'delete',
        '/api/periskop/entities/default/component/api/push-key',
        { status: 204, type: '', body: {}, text: '' },
      ),
    ).not.toThrow();
  });

  it('rejects a body that the schema does not allow', () => {
    expect(() =>
      assertMatchesSpec(
        'post',
        '/api/periskop/errors/7/resolve',
        json(200, { ...group, totalCount: '3', extra: true }),
      ),
    ).toThrow(
      /resolveError response: .*must NOT have additional properties, body\/totalCount must be integer/,
    );
    expect(() =>
      assertMatchesSpec(
        'post',
        '/api/periskop/errors/7/resolve',
        json(200, { ...group, firstSeen: 'yesterday' }),
      ),
    ).toThrow(/body\/firstSeen must match pattern/);
  });

  it('rejects statuses, operations and paths the spec does not document', () => {
    expect(() =>
      assertMatchesSpec(
        'get',
        '/api/periskop/overview',
        json(404, { ...notFound, response: { statusCode: 404 } }),
      ),
    ).toThrow(
      'status 404 is not among the documented responses of getOverview',
    );
    expect(() =>
      assertMatchesSpec('delete', '/api/periskop/errors/7', json(200, {})),
    ).toThrow('the spec has no delete on /errors/{id}');
    expect(() =>
      assertMatchesSpec('get', '/api/periskop/compat/services/', json(200, [])),
    ).toThrow('no path of the OpenAPI spec matches');
    expect(() =>
      assertMatchesSpec('get', '/api/catalog/entities', json(200, [])),
    ).toThrow("not a request to the plugin's API");
  });

  it('rejects a body where the spec documents none, and text where it documents JSON', () => {
    expect(() =>
      assertMatchesSpec(
        'delete',
        '/api/periskop/entities/default/component/api/push-key',
        json(204, { ok: true }),
      ),
    ).toThrow('the spec documents no body');
    expect(() =>
      assertMatchesSpec('get', '/api/periskop/health', {
        status: 200,
        type: 'text/html',
        body: {},
        text: 'ok',
      }),
    ).toThrow('expected JSON, got text/html');
  });
});

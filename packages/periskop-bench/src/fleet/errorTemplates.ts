import { createRandom, hex, intBetween, pick } from './random';

/**
 * One kind of error a synthetic service reports: what the Periskop client
 * libraries put in an aggregate, pre-serialised so that the fleet can serve
 * megabytes of JSON without re-encoding them on every request.
 */
export interface ErrorTemplate {
  aggregationKey: string;
  /** The client's severity for the aggregate and its samples. */
  severity: 'error' | 'warning' | 'info';
  /**
   * JSON of the sample's `error` object, one per variant: the same class and
   * stack, messages that differ (ids, durations) as real ones do.
   */
  errorJson: string[];
  /** JSON of the sample's `http_context` (or `null`), one per variant. */
  httpContextJson: string[];
}

/** Variants of one template's samples; sample `seq` uses variant `seq % VARIANTS`. */
export const VARIANTS = 3;

type Flavour = 'go' | 'python' | 'ruby';

const GO_ERRORS = [
  ['*json.SyntaxError', 'unexpected end of JSON input'],
  [
    '*url.Error',
    'Get "http://inventory.svc:8080/v1/items": context deadline exceeded',
  ],
  ['*net.OpError', 'dial tcp 10.12.4.7:5432: connect: connection refused'],
  ['*errors.errorString', 'sql: no rows in result set'],
  [
    '*pq.Error',
    'pq: duplicate key value violates unique constraint "orders_pkey"',
  ],
  ['*strconv.NumError', 'strconv.Atoi: parsing "abc": invalid syntax'],
  [
    '*fs.PathError',
    'open /etc/app/feature-flags.yaml: no such file or directory',
  ],
  ['*errors.errorString', 'payment provider rejected the charge'],
] as const;

const PYTHON_ERRORS = [
  ['KeyError', "'customer_id'"],
  ['ValueError', "invalid literal for int() with base 10: 'n/a'"],
  ['JSONDecodeError', 'Expecting value: line 1 column 7 (char 6)'],
  ['TimeoutError', 'timed out waiting for the inventory service'],
  [
    'requests.exceptions.ConnectionError',
    "HTTPConnectionPool(host='search', port=9200): Max retries exceeded",
  ],
  [
    'sqlalchemy.exc.OperationalError',
    '(psycopg2.OperationalError) server closed the connection unexpectedly',
  ],
  ['PermissionError', "[Errno 13] Permission denied: '/var/run/app.sock'"],
] as const;

const RUBY_ERRORS = [
  ['ArgumentError', 'wrong number of arguments (given 3, expected 2)'],
  ['ActiveRecord::RecordNotFound', "Couldn't find Order with 'id'=9931"],
  ['NoMethodError', "undefined method `amount' for nil:NilClass"],
  ['Redis::TimeoutError', 'Connection timed out'],
  ['Net::ReadTimeout', 'Net::ReadTimeout with #<TCPSocket:(closed)>'],
  ['ZeroDivisionError', 'divided by 0'],
] as const;

const GO_PACKAGES = [
  'shop/api',
  'shop/internal/orders',
  'shop/internal/payments',
  'shop/internal/storage',
  'github.com/jackc/pgx/v5',
  'github.com/go-chi/chi/v5',
];
const GO_FUNCS = [
  'handleCreateOrder',
  '(*Service).Charge',
  '(*Repo).FindByID',
  'decodeBody',
  'loadFlags',
  '(*Client).Do',
  'ServeHTTP',
  'withTimeout.func1',
];
const PY_FILES = [
  '/srv/shop/app.py',
  '/srv/shop/orders/views.py',
  '/srv/shop/payments/client.py',
  '/usr/lib/python3.11/json/decoder.py',
  '/usr/local/lib/python3.11/site-packages/requests/adapters.py',
  '/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py',
];
const PY_FUNCS = [
  'do_GET',
  'create_order',
  'charge',
  'decode',
  'send',
  '_execute_context',
];
const RB_FILES = [
  '/srv/app/controllers/orders_controller.rb',
  '/srv/app/models/order.rb',
  '/srv/app/services/payment_gateway.rb',
  '/usr/local/bundle/gems/activerecord-7.1.2/lib/active_record/core.rb',
  '/usr/local/bundle/gems/actionpack-7.1.2/lib/action_controller/metal.rb',
];
const RB_METHODS = [
  'create',
  'find',
  'charge!',
  'process_action',
  'dispatch',
  'block in call',
];
const HTTP_PATHS = [
  '/v1/orders',
  '/v1/orders/4711/items',
  '/v1/payments/charge',
  '/v1/users/42?expand=true',
  '/api/search?q=shoes&page=3',
  '/internal/health/deep',
];

function goStack(random: () => number, lines: number): string[] {
  const stack: string[] = [];
  while (stack.length < lines) {
    const pkg = pick(random, GO_PACKAGES);
    const fn = pick(random, GO_FUNCS);
    stack.push(
      `/go/src/${pkg}/${fn.replace(/\W/g, '').toLowerCase()}.go:${intBetween(
        random,
        12,
        900,
      )}`,
    );
    stack.push(
      `\t${fn}: ${pick(random, [
        'return err',
        'if err != nil {',
        'resp, err := c.Do(req)',
        'h.ServeHTTP(w, r)',
        'rows.Scan(&o.ID, &o.Total)',
      ])}`,
    );
  }
  return stack.slice(0, lines);
}

function pythonStack(random: () => number, lines: number): string[] {
  const stack = ['Traceback (most recent call last):'];
  while (stack.length < lines) {
    stack.push(
      `  File "${pick(random, PY_FILES)}", line ${intBetween(
        random,
        10,
        700,
      )}, in ${pick(random, PY_FUNCS)}`,
    );
    stack.push(
      `    ${pick(random, [
        'return self._decode(s)',
        'resp = session.send(request, **kwargs)',
        'order = Order.objects.get(pk=order_id)',
        'raise ValueError(msg)',
        'conn.execute(statement, params)',
      ])}`,
    );
  }
  return stack.slice(0, lines);
}

function rubyStack(random: () => number, lines: number): string[] {
  const stack: string[] = [];
  while (stack.length < lines) {
    stack.push(
      `${pick(random, RB_FILES)}:${intBetween(random, 5, 400)}:in \`${pick(
        random,
        RB_METHODS,
      )}'`,
    );
  }
  return stack;
}

function stackOf(flavour: Flavour, random: () => number, lines: number) {
  switch (flavour) {
    case 'go':
      return goStack(random, lines);
    case 'python':
      return pythonStack(random, lines);
    default:
      return rubyStack(random, lines);
  }
}

function classesOf(flavour: Flavour): ReadonlyArray<readonly [string, string]> {
  switch (flavour) {
    case 'go':
      return GO_ERRORS;
    case 'python':
      return PYTHON_ERRORS;
    default:
      return RUBY_ERRORS;
  }
}

/**
 * Builds the pool of error templates the fleet's services draw from:
 * stack traces of 20-40 lines in Go, Python and Ruby style, about 30% with
 * an HTTP context (with an Authorization header that must be redacted),
 * about 20% with a cause chain, mostly `error` severity.
 */
export function buildErrorTemplates(count: number, seed = 1): ErrorTemplate[] {
  const random = createRandom(seed);
  const templates: ErrorTemplate[] = [];
  for (let index = 0; index < count; index++) {
    const flavour = pick(random, ['go', 'python', 'ruby'] as const);
    const [errorClass, baseMessage] = pick(random, classesOf(flavour));
    const stack = stackOf(flavour, random, intBetween(random, 20, 40));
    const roll = random();
    let severity: 'error' | 'warning' | 'info' = 'info';
    if (roll < 0.8) severity = 'error';
    else if (roll < 0.95) severity = 'warning';
    const withHttp = random() < 0.3;
    const withCause = random() < 0.2;
    const cause = withCause
      ? (() => {
          const [causeClass, causeMessage] = pick(random, classesOf(flavour));
          return {
            class: causeClass,
            message: causeMessage,
            stacktrace: stackOf(flavour, random, intBetween(random, 5, 10)),
            cause: null,
          };
        })()
      : null;
    const method = pick(random, ['GET', 'POST', 'PUT', 'DELETE']);
    const path = pick(random, HTTP_PATHS);
    const errorJson: string[] = [];
    const httpContextJson: string[] = [];
    for (let variant = 0; variant < VARIANTS; variant++) {
      errorJson.push(
        JSON.stringify({
          class: errorClass,
          message:
            variant === 0
              ? baseMessage
              : `${baseMessage} (request ${hex(random() * 0xffffffff, 8)})`,
          stacktrace: stack,
          cause,
        }),
      );
      httpContextJson.push(
        withHttp
          ? JSON.stringify({
              request_method: method,
              request_url: `http://api.shop.internal${path}`,
              request_headers: {
                Authorization: `Bearer ${hex(random() * 0xffffffff, 8)}${hex(
                  random() * 0xffffffff,
                  8,
                )}`,
                'Content-Type': 'application/json',
                'X-Request-Id': `req-${hex(random() * 0xffffffff, 8)}`,
              },
              request_body:
                method === 'GET' ? null : '{"items":[{"sku":"A-1","qty":2}]}',
            })
          : 'null',
      );
    }
    templates.push({
      aggregationKey: `${errorClass}@${hex(random() * 0xffffffff, 8)}`,
      severity,
      errorJson,
      httpContextJson,
    });
  }
  return templates;
}

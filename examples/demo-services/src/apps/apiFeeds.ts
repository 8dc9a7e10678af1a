import {
  FeedDecodeError,
  UnsafeContentError,
  UpstreamRateLimitError,
  UpstreamTimeoutError,
  ValidationError,
} from '../errors';
import type {
  DemoRequest,
  DemoScenario,
  DemoServiceDefinition,
  ScenarioContext,
} from '../types';
import { baseHeaders, fakeJwt, handleRequest } from './middleware';

const ORIGIN = 'https://feeds.shop.example';
const FEEDS = ['home', 'deals', 'new-arrivals', 'editorial', 'recommended'];

// ---------------------------------------------------------------------------
// Application code of api-feeds.
// ---------------------------------------------------------------------------

interface FeedItem {
  id: string;
  title: string;
  author?: { displayName: string };
}

interface ListQuery {
  feed: string;
  limit: number;
  cursor?: string;
}

const MAX_LIMIT = 100;

export function parseListQuery(url: string): ListQuery {
  const parsed = new URL(url);
  const feed = parsed.pathname.split('/').pop() ?? '';
  const rawLimit = parsed.searchParams.get('limit') ?? '20';
  const limit = Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError(
      'limit',
      `query parameter "limit" must be an integer between 1 and ${MAX_LIMIT} (got "${rawLimit}")`,
    );
  }
  return {
    feed,
    limit,
    cursor: parsed.searchParams.get('cursor') ?? undefined,
  };
}

/** Stands in for an HTTP call to the content store with a deadline. */
export function callContentStore(
  path: string,
  options: { deadlineMs: number; latencyMs: number },
): void {
  if (options.latencyMs > options.deadlineMs) {
    throw new UpstreamTimeoutError(
      `content-store GET ${path}`,
      options.deadlineMs,
      options.deadlineMs + 3,
    );
  }
}

export function decodeFeedDocument(feed: string, raw: string): FeedItem[] {
  try {
    const document = JSON.parse(raw) as { items: FeedItem[] };
    return document.items;
  } catch (error) {
    throw new FeedDecodeError(
      `could not decode feed "${feed}" returned by content-store`,
      { cause: error },
    );
  }
}

export function renderFeedItem(item: FeedItem): Record<string, string> {
  return {
    id: item.id,
    title: item.title,
    // Bug: imported items have no author.
    byline: `by ${item.author!.displayName}`,
  };
}

const MARKUP = /<[a-z!/][^>]*>/i;

export function assertPublishableTitle(item: FeedItem): void {
  if (MARKUP.test(item.title)) {
    throw new UnsafeContentError(
      `item ${item.id} rejected: title contains markup: ${item.title}`,
    );
  }
}

/** Cache refill after the feed cache expired; the content store allows 50 req/s. */
export function refillFeedCache(feed: string, concurrentRefills: number): void {
  if (concurrentRefills > 50) {
    throw new UpstreamRateLimitError(
      `content-store answered 429 Too Many Requests for feed "${feed}" (${concurrentRefills} concurrent cache refills, limit 50/s; retry after 2s)`,
    );
  }
}

// ---------------------------------------------------------------------------
// Scenarios.
// ---------------------------------------------------------------------------

function request(
  context: ScenarioContext,
  path: string,
  extra: Record<string, string> = {},
): DemoRequest {
  const token = fakeJwt(context, {
    sub: `u-${context.random.int(1001, 1099)}`,
    scope: 'feeds:read',
    iat: Math.floor(context.now().getTime() / 1000) - 600,
    exp: Math.floor(context.now().getTime() / 1000) + 3000,
  });
  return {
    method: 'GET',
    url: `${ORIGIN}${path}`,
    headers: {
      ...baseHeaders(context),
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      ...extra,
    },
    body: null,
  };
}

const upstreamTimeout: DemoScenario = {
  id: 'upstream-timeout',
  errorClass: 'UpstreamTimeoutError',
  severity: 'error',
  description:
    'GET /v1/feeds/:feed: the content store did not answer in time (HTTP context with Authorization and Cookie)',
  meanIntervalMs: 10_000,
  run(context) {
    const feed = context.random.pick(FEEDS);
    handleRequest(
      context,
      request(context, `/v1/feeds/${feed}?limit=20`, {
        Cookie: `session=${context.random.hex(
          40,
        )}; ab_bucket=${context.random.int(1, 4)}`,
      }),
      function getFeed(req) {
        const query = parseListQuery(req.url);
        callContentStore(`/feeds/${query.feed}`, {
          deadlineMs: 2500,
          latencyMs: 2500 + context.random.int(1, 4000),
        });
      },
    );
  },
};

const feedDecode: DemoScenario = {
  id: 'feed-decode',
  errorClass: 'FeedDecodeError',
  severity: 'error',
  description:
    'the content store returned an HTML error page instead of JSON (cause: SyntaxError)',
  meanIntervalMs: 20_000,
  run(context) {
    const feed = context.random.pick(FEEDS);
    const status = context.random.pick([
      '502 Bad Gateway',
      '503 Service Unavailable',
    ]);
    handleRequest(
      context,
      request(context, `/v1/feeds/${feed}`),
      function getFeed() {
        decodeFeedDocument(
          feed,
          `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`,
        );
      },
    );
  },
};

const missingAuthor: DemoScenario = {
  id: 'missing-author',
  errorClass: 'TypeError',
  severity: 'error',
  description:
    "rendering an imported item without author: reads 'displayName' of undefined",
  meanIntervalMs: 15_000,
  run(context) {
    const feed = context.random.pick(FEEDS);
    handleRequest(
      context,
      request(context, `/v1/feeds/${feed}`),
      function getFeed() {
        const items: FeedItem[] = [
          {
            id: `it-${context.random.hex(8)}`,
            title: 'Autumn collection',
            author: { displayName: 'Editorial team' },
          },
          {
            id: `it-${context.random.hex(8)}`,
            title: 'Imported: 10 gift ideas',
          },
        ];
        items.map(renderFeedItem);
      },
    );
  },
};

const invalidLimit: DemoScenario = {
  id: 'invalid-limit',
  errorClass: 'ValidationError',
  severity: 'warning',
  description: 'GET /v1/feeds/:feed?limit=… out of range (warning)',
  meanIntervalMs: 20_000,
  run(context) {
    const feed = context.random.pick(FEEDS);
    const limit = context.random.pick(['0', '250', '1000', '-5', 'all']);
    handleRequest(
      context,
      request(context, `/v1/feeds/${feed}?limit=${limit}`),
      function getFeed(req) {
        parseListQuery(req.url);
      },
    );
  },
};

const markupInTitle: DemoScenario = {
  id: 'markup-in-title',
  errorClass: 'UnsafeContentError',
  severity: 'error',
  description:
    'an editor pasted <script>alert(1)</script> into a title: the message contains HTML, which the UI must show as text',
  meanIntervalMs: 45_000,
  run(context) {
    handleRequest(
      context,
      request(context, '/v1/feeds/editorial'),
      function getFeed() {
        assertPublishableTitle({
          id: `it-${context.random.hex(8)}`,
          title: `Weekly digest <script>alert(1)</script> <b>${context.random.int(
            1,
            52,
          )}</b>`,
        });
      },
    );
  },
};

const cacheStampede: DemoScenario = {
  id: 'cache-stampede',
  errorClass: 'UpstreamRateLimitError',
  severity: 'error',
  description:
    'BURSTS: quiet, then dozens within seconds about every 2 minutes when the feed cache expires and every request refills it at once',
  burst: {
    firstAfterMs: 45_000,
    everyMs: 120_000,
    jitterMs: 10_000,
    count: [20, 45],
    withinMs: 4_000,
  },
  run(context) {
    const feed = context.random.pick(FEEDS);
    handleRequest(
      context,
      request(context, `/v1/feeds/${feed}`),
      function getFeed() {
        refillFeedCache(feed, context.random.int(51, 400));
      },
    );
  },
};

export const apiFeeds: DemoServiceDefinition = {
  name: 'api-feeds',
  description:
    'Personalised product feeds for the shop front page and apps (2 instances).',
  owner: 'team-content',
  ports: [9111, 9112],
  scenarios: [
    upstreamTimeout,
    feedDecode,
    missingAuthor,
    invalidLimit,
    markupInTitle,
    cacheStampede,
  ],
};

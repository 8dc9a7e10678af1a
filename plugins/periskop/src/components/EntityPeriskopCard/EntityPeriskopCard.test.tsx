import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ErrorGroup,
  ErrorGroupListResponse,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import { PeriskopApi, periskopApiRef } from '../../api';
import { EntityPeriskopCard } from './EntityPeriskopCard';
import { topErrors } from './EntityPeriskopCard';

// lazy extensions and material-table are slow in jsdom on a busy machine
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api-auth',
    annotations: { 'periskop.io/targets': 'http://127.0.0.1:9101' },
  },
  spec: { type: 'service', owner: 'team-identity', lifecycle: 'production' },
};

const NOW = Date.now();
const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

/** 24 hourly counts whose sum is `total`, all in the last hour. */
const lastHour = (total: number) => [...new Array(23).fill(0), total];

function group(id: string, overrides: Partial<ErrorGroup> = {}): ErrorGroup {
  return {
    id,
    entityRef: 'component:default/api-auth',
    aggregationKey: `key-${id}`,
    class: `Error${id}`,
    message: `message ${id}`,
    severity: 'error',
    status: 'open',
    regressed: false,
    regressedAt: null,
    totalCount: 100,
    firstSeen: minutesAgo(600),
    lastSeen: minutesAgo(5),
    resolvedAt: null,
    resolvedBy: null,
    sparkline: lastHour(0),
    ...overrides,
  };
}

function list(items: ErrorGroup[], totalItems = items.length) {
  return {
    items,
    totalItems,
    severityCounts: { error: totalItems, warning: 0, info: 0 },
  } as ErrorGroupListResponse;
}

function target(up: boolean, lastError: string | null = null): TargetHealth {
  return {
    url: 'http://127.0.0.1:9101/-/exceptions',
    source: 'http://127.0.0.1:9101',
    instance: 'http://127.0.0.1:9101/-/exceptions',
    up,
    lastScrapeAt: minutesAgo(1),
    lastSuccessAt: up ? minutesAgo(1) : null,
    lastError,
    durationMs: 12,
    payloadBytes: 1000,
    errorKeys: 3,
    warnings: 0,
    firstWarning: null,
  };
}

function fakeApi(overrides: Partial<PeriskopApi> = {}) {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({ status: 'ok', scrapeIntervalSeconds: 30 }),
    listErrors: jest.fn().mockResolvedValue(list([])),
    listTargets: jest
      .fn()
      .mockResolvedValue({ items: [target(true)], totalItems: 1 }),
    ...overrides,
  };
}

async function renderCard(
  api: Partial<PeriskopApi>,
  entity: Entity = annotated,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[periskopApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityPeriskopCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityPeriskopCard', () => {
  it('asks for the open groups with sparklines and shows progress meanwhile', async () => {
    const api = fakeApi({ listErrors: jest.fn(() => new Promise(() => {})) });
    await renderCard(api);

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.listErrors).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'api-auth' },
      expect.objectContaining({
        status: 'open',
        sort: 'lastSeen',
        sparkline: true,
        limit: 500,
      }),
    );
  });

  it('shows counts and the five most frequent errors of the last 24 hours, linked to the Errors tab', async () => {
    const groups = [
      // lastSeen order, as the API answers
      group('1', { sparkline: lastHour(2), lastSeen: minutesAgo(1) }),
      group('2', { sparkline: lastHour(50), lastSeen: minutesAgo(2) }),
      group('3', { sparkline: lastHour(0), lastSeen: minutesAgo(3) }),
      group('4', {
        sparkline: lastHour(7),
        lastSeen: minutesAgo(4),
        regressed: true,
      }),
      group('5', { sparkline: lastHour(7), lastSeen: minutesAgo(9) }),
      group('6', { sparkline: lastHour(1), lastSeen: minutesAgo(10) }),
      group('7', {
        sparkline: lastHour(0),
        lastSeen: minutesAgo(600),
        regressed: true,
      }),
    ];
    await renderCard(
      fakeApi({ listErrors: jest.fn().mockResolvedValue(list(groups)) }),
    );

    expect(await screen.findByLabelText('Open errors: 7')).toBeInTheDocument();
    expect(screen.getByLabelText('Regressions: 2')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Occurrences in 24 h: 67'),
    ).toBeInTheDocument();

    const items = screen.getAllByTestId('periskop-card-error');
    // by 24 h occurrences, ties (4 and 5: seven each) by last seen
    expect(
      items.map(item => within(item).getByText(/^Error\d$/).textContent),
    ).toEqual(['Error2', 'Error4', 'Error5', 'Error1', 'Error6']);
    expect(items[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors?errorId=2',
    );
    expect(within(items[1]).getByText('Regressed')).toBeInTheDocument();
    expect(within(items[0]).queryByText('Regressed')).not.toBeInTheDocument();
    expect(within(items[0]).getByText('message 2')).toBeInTheDocument();
    expect(within(items[0]).getByTestId('sparkline')).toHaveAttribute(
      'aria-label',
      '50 occurrences in the last 24 hours',
    );
    expect(within(items[0]).getByText(/50 in 24 h/)).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /View all errors/ }),
    ).toHaveAttribute('href', '/catalog/default/component/api-auth/errors');
  });

  it('marks the regression count as a lower bound when not every open group was read', async () => {
    await renderCard(
      fakeApi({
        listErrors: jest
          .fn()
          .mockResolvedValue(list([group('1', { regressed: true })], 900)),
      }),
    );
    expect(
      await screen.findByLabelText('Open errors: 900'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Regressions: 1+')).toBeInTheDocument();
  });

  it('renders HTML in classes and messages as text', async () => {
    await renderCard(
      fakeApi({
        listErrors: jest.fn().mockResolvedValue(
          list([
            group('1', {
              class: '<b>BoldError</b>',
              message: '<img src=x onerror="alert(1)">',
            }),
          ]),
        ),
      }),
    );

    expect(await screen.findByText('<b>BoldError</b>')).toBeInTheDocument();
    expect(
      screen.getByText('<img src=x onerror="alert(1)">'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
  });

  it('says so when there is no open error', async () => {
    await renderCard(fakeApi());
    expect(await screen.findByText('No open errors')).toBeInTheDocument();
    expect(screen.queryByTestId('periskop-card-error')).not.toBeInTheDocument();
  });

  it('shows the error when the errors cannot be read', async () => {
    await renderCard(
      fakeApi({
        listErrors: jest
          .fn()
          .mockRejectedValue(new Error('Periskop backend unreachable')),
      }),
    );
    expect(
      (await screen.findAllByText(/Periskop backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('warns that the entity is not scraped when every target is down', async () => {
    await renderCard(
      fakeApi({
        listErrors: jest.fn().mockResolvedValue(list([group('1')])),
        listTargets: jest.fn().mockResolvedValue({
          items: [
            target(false, 'connect ECONNREFUSED 127.0.0.1:9101'),
            target(false),
          ],
          totalItems: 2,
        }),
      }),
    );
    const hint = await screen.findByTestId('periskop-not-scraped');
    expect(hint).toHaveTextContent('Not scraped: all 2 targets are down');
    expect(hint).toHaveTextContent(
      'Last error: connect ECONNREFUSED 127.0.0.1:9101',
    );
  });

  it('waits for the first scrape before warning', async () => {
    await renderCard(
      fakeApi({
        listTargets: jest.fn().mockResolvedValue({
          items: [{ ...target(false), lastScrapeAt: null }],
          totalItems: 1,
        }),
      }),
    );
    expect(
      await screen.findByText(/Not scraped yet: Periskop scrapes the 1 target/),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('periskop-not-scraped'),
    ).not.toBeInTheDocument();
  });

  it('does not warn while at least one target is up, nor when targets cannot be read', async () => {
    const { unmount } = await renderCard(
      fakeApi({
        listErrors: jest.fn().mockResolvedValue(list([group('1')])),
        listTargets: jest.fn().mockResolvedValue({
          items: [target(false, 'timeout'), target(true)],
          totalItems: 2,
        }),
      }),
    );
    expect(await screen.findByLabelText('Open errors: 1')).toBeInTheDocument();
    expect(
      screen.queryByTestId('periskop-not-scraped'),
    ).not.toBeInTheDocument();
    unmount();

    await renderCard(
      fakeApi({
        listErrors: jest.fn().mockResolvedValue(list([group('1')])),
        listTargets: jest.fn().mockRejectedValue(new Error('forbidden')),
      }),
    );
    expect(await screen.findByLabelText('Open errors: 1')).toBeInTheDocument();
    expect(
      screen.queryByTestId('periskop-not-scraped'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/forbidden/)).not.toBeInTheDocument();
  });

  it('refreshes at the scrape interval without losing what it shows', async () => {
    const listErrors = jest
      .fn()
      .mockResolvedValueOnce(list([group('1')]))
      .mockResolvedValue(list([group('1'), group('2', { regressed: true })]));
    await renderCard(
      fakeApi({
        getHealth: jest
          .fn()
          .mockResolvedValue({ status: 'ok', scrapeIntervalSeconds: 0.05 }),
        listErrors,
      }),
    );

    expect(await screen.findByLabelText('Open errors: 1')).toBeInTheDocument();
    expect(await screen.findByLabelText('Open errors: 2')).toBeInTheDocument();
    expect(screen.getByLabelText('Regressions: 1')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
    expect(listErrors.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('explains the missing annotation on an entity without one', async () => {
    const api = fakeApi();
    await renderCard(api, {
      ...annotated,
      metadata: { name: 'website', annotations: {} },
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.listErrors).not.toHaveBeenCalled();
  });

  it('links to the catalog default path when the entity route is not mounted', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[periskopApiRef, fakeApi()]]}>
        <EntityProvider entity={annotated}>
          <EntityPeriskopCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: /View all errors/ }),
      ).toHaveAttribute('href', '/catalog/default/component/api-auth/errors'),
    );
  });
});

describe('topErrors', () => {
  it('ranks by 24 h occurrences, then by last seen, and treats a missing sparkline as none', () => {
    const ranked = topErrors(
      [
        group('a', { sparkline: undefined, lastSeen: minutesAgo(1) }),
        group('b', { sparkline: lastHour(3), lastSeen: minutesAgo(30) }),
        group('c', { sparkline: lastHour(3), lastSeen: minutesAgo(20) }),
        group('d', { sparkline: lastHour(0), lastSeen: minutesAgo(2) }),
      ],
      3,
    );
    expect(ranked.map(g => g.id)).toEqual(['c', 'b', 'a']);
  });
});

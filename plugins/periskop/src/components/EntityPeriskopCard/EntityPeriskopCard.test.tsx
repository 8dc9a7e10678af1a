import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ErrorGroup,
  ErrorSummary,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import { PeriskopApi, periskopApiRef } from '../../api';
import { EntityPeriskopCard } from './EntityPeriskopCard';

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

/** A summary as the backend answers it; `top` ranked already. */
function summary(overrides: Partial<ErrorSummary> = {}): ErrorSummary {
  return {
    openErrors: 0,
    regressedErrors: 0,
    newErrors: 0,
    occurrences: 0,
    targetsUp: 1,
    targetsTotal: 1,
    top: [],
    ...overrides,
  };
}

function target(up: boolean, lastError: string | null = null): TargetHealth {
  return {
    origin: 'scrape',
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
    limitNotice: null,
  };
}

function fakeApi(overrides: Partial<PeriskopApi> = {}) {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({
        status: 'ok',
        scrapeIntervalSeconds: 30,
        liveUpdates: false,
      }),
    getErrorSummary: jest.fn().mockResolvedValue(summary()),
    listErrors: jest.fn(),
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
  it('asks for the summary of the entity only, and shows progress meanwhile', async () => {
    const api = fakeApi({
      getErrorSummary: jest.fn(() => new Promise(() => {})),
    });
    await renderCard(api);

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getErrorSummary).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'api-auth' },
      { top: 5 },
    );
    // the counts are the backend's: no page of groups is read to make them
    expect(api.listErrors).not.toHaveBeenCalled();
  });

  it('shows the counts and the top errors of the summary, linked to the Errors tab', async () => {
    const top = [
      group('2', { sparkline: lastHour(50), lastSeen: minutesAgo(2) }),
      group('4', {
        sparkline: lastHour(7),
        lastSeen: minutesAgo(4),
        regressed: true,
      }),
      group('5', { sparkline: lastHour(7), lastSeen: minutesAgo(9) }),
    ];
    await renderCard(
      fakeApi({
        getErrorSummary: jest.fn().mockResolvedValue(
          summary({
            openErrors: 1234,
            regressedErrors: 2,
            newErrors: 3,
            occurrences: 67,
            top,
          }),
        ),
      }),
    );

    expect(
      await screen.findByLabelText('Open errors: 1,234'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Regressions: 2')).toBeInTheDocument();
    expect(screen.getByLabelText('New in 24 h: 3')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Occurrences in 24 h: 67'),
    ).toBeInTheDocument();

    const items = screen.getAllByTestId('periskop-card-error');
    // in the order of the summary: the backend ranks them
    expect(
      items.map(item => within(item).getByText(/^Error\d$/).textContent),
    ).toEqual(['Error2', 'Error4', 'Error5']);
    expect(items[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors?errorId=2',
    );
    expect(items[1]).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors?errorId=4',
    );
    expect(within(items[1]).getByText('Regressed')).toBeInTheDocument();
    expect(within(items[0]).queryByText('Regressed')).not.toBeInTheDocument();
    expect(within(items[0]).getByText('message 2')).toBeInTheDocument();
    expect(within(items[0]).getByTestId('sparkline')).toHaveAttribute(
      'aria-label',
      '50 occurrences in the last 24 hours',
    );
    expect(
      within(items[0]).getByText(/50 in 24 h · 100 total/),
    ).toBeInTheDocument();
    // a list of list items, each holding a link (not a button) to the error
    const list = screen.getByRole('list', {
      name: 'Most frequent open errors',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(list)
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual([
      '/catalog/default/component/api-auth/errors?errorId=2',
      '/catalog/default/component/api-auth/errors?errorId=4',
      '/catalog/default/component/api-auth/errors?errorId=5',
    ]);
    expect(within(list).queryByRole('button')).not.toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /View all errors/ }),
    ).toHaveAttribute('href', '/catalog/default/component/api-auth/errors');
  });

  it('asks for as many top errors as it lists, within what the backend allows', async () => {
    const api = fakeApi();
    const { unmount } = await renderInTestApp(
      <TestApiProvider apis={[[periskopApiRef, api]]}>
        <EntityProvider entity={annotated}>
          <EntityPeriskopCard maxItems={3} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByText('No open errors');
    expect(api.getErrorSummary).toHaveBeenLastCalledWith(expect.anything(), {
      top: 3,
    });
    unmount();

    await renderInTestApp(
      <TestApiProvider apis={[[periskopApiRef, api]]}>
        <EntityProvider entity={annotated}>
          <EntityPeriskopCard maxItems={1000} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByText('No open errors');
    expect(api.getErrorSummary).toHaveBeenLastCalledWith(expect.anything(), {
      top: 50,
    });
  });

  it('renders HTML in classes and messages as text', async () => {
    await renderCard(
      fakeApi({
        getErrorSummary: jest.fn().mockResolvedValue(
          summary({
            openErrors: 1,
            top: [
              group('1', {
                class: '<b>BoldError</b>',
                message: '<img src=x onerror="alert(1)">',
              }),
            ],
          }),
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
    expect(screen.queryByLabelText(/^Open errors:/)).not.toBeInTheDocument();
  });

  it('shows the error when the summary cannot be read', async () => {
    await renderCard(
      fakeApi({
        getErrorSummary: jest
          .fn()
          .mockRejectedValue(new Error('Periskop backend unreachable')),
      }),
    );
    expect(
      (await screen.findAllByText(/Periskop backend unreachable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says so when no target has been discovered, without reading the targets', async () => {
    const api = fakeApi({
      getErrorSummary: jest
        .fn()
        .mockResolvedValue(summary({ targetsUp: 0, targetsTotal: 0 })),
    });
    await renderCard(api);
    expect(
      await screen.findByText(/Periskop has not discovered a target/),
    ).toBeInTheDocument();
    expect(api.listTargets).not.toHaveBeenCalled();
  });

  it('warns that the entity is not scraped when every target is down', async () => {
    await renderCard(
      fakeApi({
        getErrorSummary: jest.fn().mockResolvedValue(
          summary({
            openErrors: 1,
            top: [group('1')],
            targetsUp: 0,
            targetsTotal: 2,
          }),
        ),
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

  describe('on an entity that only pushes', () => {
    const pushOnly: Entity = {
      ...annotated,
      metadata: {
        name: 'nightly-report',
        annotations: { 'periskop.io/service-name': 'nightly-report' },
      },
    };
    const pushed: TargetHealth = {
      ...target(true),
      origin: 'push',
      url: 'push:job-1',
      instance: 'job-1',
      source: 'push',
      durationMs: null,
      // a weekly job: long ago is not a failure
      lastScrapeAt: minutesAgo(3 * 24 * 60),
      lastSuccessAt: minutesAgo(3 * 24 * 60),
    };

    it('says that nothing was pushed yet, not that no target was discovered', async () => {
      const api = fakeApi({
        getErrorSummary: jest
          .fn()
          .mockResolvedValue(summary({ targetsUp: 0, targetsTotal: 0 })),
        listTargets: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
      });
      await renderCard(api, pushOnly);
      expect(await screen.findByText(/Nothing pushed yet/)).toBeInTheDocument();
      expect(screen.queryByText(/has not discovered a target/)).toBeNull();
    });

    it('warns about nothing once an instance pushed, however long ago', async () => {
      const api = fakeApi({
        getErrorSummary: jest
          .fn()
          .mockResolvedValue(summary({ targetsUp: 0, targetsTotal: 0 })),
        listTargets: jest
          .fn()
          .mockResolvedValue({ items: [pushed], totalItems: 1 }),
      });
      await renderCard(api, pushOnly);
      expect(await screen.findByText(/No open errors/)).toBeInTheDocument();
      expect(screen.queryByText(/Nothing pushed yet/)).toBeNull();
      expect(screen.queryByText(/Not scraped/)).toBeNull();
    });
  });

  it('waits for the first scrape before warning', async () => {
    await renderCard(
      fakeApi({
        getErrorSummary: jest
          .fn()
          .mockResolvedValue(summary({ targetsUp: 0, targetsTotal: 1 })),
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
    const healthy = fakeApi({
      getErrorSummary: jest.fn().mockResolvedValue(
        summary({
          openErrors: 1,
          top: [group('1')],
          targetsUp: 1,
          targetsTotal: 2,
        }),
      ),
    });
    const { unmount } = await renderCard(healthy);
    expect(await screen.findByLabelText('Open errors: 1')).toBeInTheDocument();
    expect(
      screen.queryByTestId('periskop-not-scraped'),
    ).not.toBeInTheDocument();
    // the counts say enough: no need to read the targets
    expect(healthy.listTargets).not.toHaveBeenCalled();
    unmount();

    await renderCard(
      fakeApi({
        getErrorSummary: jest.fn().mockResolvedValue(
          summary({
            openErrors: 1,
            top: [group('1')],
            targetsUp: 0,
            targetsTotal: 2,
          }),
        ),
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
    const getErrorSummary = jest
      .fn()
      .mockResolvedValueOnce(summary({ openErrors: 1, top: [group('1')] }))
      .mockResolvedValue(
        summary({
          openErrors: 2,
          regressedErrors: 1,
          top: [group('1'), group('2', { regressed: true })],
        }),
      );
    await renderCard(
      fakeApi({
        getHealth: jest
          .fn()
          .mockResolvedValue({
            status: 'ok',
            scrapeIntervalSeconds: 0.05,
            liveUpdates: false,
          }),
        getErrorSummary,
      }),
    );

    expect(await screen.findByLabelText('Open errors: 1')).toBeInTheDocument();
    expect(await screen.findByLabelText('Open errors: 2')).toBeInTheDocument();
    expect(screen.getByLabelText('Regressions: 1')).toBeInTheDocument();
    expect(screen.getAllByTestId('periskop-card-error')).toHaveLength(2);
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
    expect(getErrorSummary.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the last summary and says so when a refresh fails', async () => {
    const getErrorSummary = jest
      .fn()
      .mockResolvedValueOnce(summary({ openErrors: 4, top: [group('1')] }))
      .mockRejectedValue(new Error('backend restarting'));
    await renderCard(
      fakeApi({
        getHealth: jest
          .fn()
          .mockResolvedValue({
            status: 'ok',
            scrapeIntervalSeconds: 0.05,
            liveUpdates: false,
          }),
        getErrorSummary,
      }),
    );

    expect(
      await screen.findByText(
        /Could not refresh the errors: backend restarting/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Open errors: 4')).toBeInTheDocument();
    expect(screen.getAllByTestId('periskop-card-error')).toHaveLength(1);
  });

  it('explains the missing annotation on an entity without one', async () => {
    const api = fakeApi();
    await renderCard(api, {
      ...annotated,
      metadata: { name: 'website', annotations: {} },
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getErrorSummary).not.toHaveBeenCalled();
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

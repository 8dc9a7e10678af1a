import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ErrorGroup,
  ErrorListQuery,
  PERISKOP_SEVERITIES,
} from '@periskop-backstage/plugin-periskop-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { PeriskopApi, periskopApiRef } from '../../api';
import { PeriskopOverviewPage } from './PeriskopOverviewPage';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function group(
  id: number,
  entityRef: string,
  overrides: Partial<ErrorGroup> = {},
): ErrorGroup {
  return {
    id: String(id),
    entityRef,
    aggregationKey: `Error@${id}`,
    class: 'TimeoutError',
    message: `timed out ${id}`,
    severity: 'error',
    status: 'open',
    regressed: false,
    regressedAt: null,
    totalCount: id,
    firstSeen: ago(id * HOUR),
    lastSeen: ago(id * 60_000),
    resolvedAt: null,
    resolvedBy: null,
    sparkline: Array(24).fill(0),
    ...overrides,
  };
}

const AUTH = 'component:default/api-auth';
const PAYMENTS = 'component:default/payments';

/** 30 groups over two entities, newest first; a few warnings. */
const GROUPS: ErrorGroup[] = [
  group(1, PAYMENTS, {
    class: 'CardDeclinedError',
    message: 'card declined',
  }),
  group(2, AUTH, { class: 'TokenExpiredError', severity: 'warning' }),
  ...Array.from({ length: 28 }, (_, i) =>
    group(i + 3, i % 2 ? AUTH : PAYMENTS),
  ),
];

/** A fake `searchErrors` that filters, counts and pages as the backend does. */
function fakeSearch() {
  return jest.fn(async (query: ErrorListQuery = {}) => {
    const text = (query.query ?? '').toLowerCase();
    const matching = GROUPS.filter(g =>
      `${g.class} ${g.message}`.toLowerCase().includes(text),
    );
    const items = matching.filter(
      g => !query.severity || query.severity.includes(g.severity),
    );
    const offset = query.offset ?? 0;
    return {
      items: items.slice(offset, offset + (query.limit ?? 25)),
      totalItems: items.length,
      severityCounts: Object.fromEntries(
        PERISKOP_SEVERITIES.map(s => [
          s,
          matching.filter(g => g.severity === s).length,
        ]),
      ) as Record<(typeof PERISKOP_SEVERITIES)[number], number>,
    };
  });
}

function fakeApi() {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({
        status: 'ok',
        scrapeIntervalSeconds: 30,
        liveUpdates: false,
      }),
    getOverview: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
    searchErrors: fakeSearch(),
  } satisfies Partial<PeriskopApi>;
}

const LocationProbe = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

const location = () => screen.getByTestId('location').textContent ?? '';

async function renderSearch(api: Partial<PeriskopApi>, url: string) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [identityApiRef, mockApis.identity()],
      ]}
    >
      <Routes>
        <Route path="/periskop" element={<PeriskopOverviewPage />} />
        <Route path="*" element={<div>Entity page</div>} />
      </Routes>
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const lastQuery = (api: ReturnType<typeof fakeApi>) =>
  api.searchErrors.mock.calls.at(-1)![0]!;

/** Text of the entity cell and the class of each row. */
function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'Errors' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => {
      const cells = within(row).getAllByRole('cell');
      return [
        cells[1].textContent ?? '',
        within(cells[0]).getAllByRole('link')[0].textContent ?? '',
      ];
    });
}

describe('the overview’s error search', () => {
  it('is a section of the overview, and asks the backend what the Errors tab asks', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop');
    expect(
      screen.getByRole('tab', { name: 'Services', selected: true }),
    ).toBeInTheDocument();
    expect(api.searchErrors).not.toHaveBeenCalled();
    await waitFor(() => expect(api.getOverview).toHaveBeenCalled());
    api.getOverview.mockClear();

    await userEvent.click(screen.getByRole('tab', { name: 'Search errors' }));
    expect(location()).toBe('/periskop?tab=errors');
    expect(
      await screen.findByRole('table', { name: 'Errors' }),
    ).toBeInTheDocument();
    const query = lastQuery(api);
    expect(query).toEqual({
      sparkline: true,
      query: undefined,
      severity: undefined,
      status: 'open',
      from: expect.any(String),
      sort: 'lastSeen',
      order: 'desc',
      limit: 25,
      offset: 0,
    });
    expect(Date.now() - Date.parse(query.from!)).toBeCloseTo(24 * HOUR, -5);
    expect(api.getOverview).not.toHaveBeenCalled();
  });

  it('names the entity of each error and links to the error in its Errors tab', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors');
    await screen.findByRole('table', { name: 'Errors' });

    expect(rows().slice(0, 3)).toEqual([
      ['payments', 'CardDeclinedError'],
      ['api-auth', 'TokenExpiredError'],
      ['payments', 'TimeoutError'],
    ]);
    const table = screen.getByRole('table', { name: 'Errors' });
    expect(
      within(table).getAllByRole('link', { name: 'payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(
      within(table).getByRole('link', { name: 'TokenExpiredError' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors?errorId=2',
    );

    // a click anywhere on the row opens it there too
    await userEvent.click(screen.getByText('card declined'));
    expect(location()).toBe(
      '/catalog/default/component/payments/errors?errorId=1',
    );
    expect(screen.getByText('Entity page')).toBeInTheDocument();
  });

  it('searches and filters with the Errors tab’s controls, kept in the URL', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors');
    await screen.findByRole('table', { name: 'Errors' });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search errors' }),
      'card',
    );
    await waitFor(() => expect(lastQuery(api).query).toBe('card'));
    await waitFor(() =>
      expect(rows()).toEqual([['payments', 'CardDeclinedError']]),
    );
    expect(location()).toBe('/periskop?tab=errors&q=card');

    await userEvent.clear(
      screen.getByRole('textbox', { name: 'Search errors' }),
    );
    await waitFor(() => expect(lastQuery(api).query).toBeUndefined());
    await userEvent.click(screen.getByRole('button', { name: 'Resolved' }));
    await waitFor(() => expect(lastQuery(api).status).toBe('resolved'));
    expect(location()).toBe('/periskop?tab=errors&status=resolved');
  });

  it('filters by severity with the counts of the whole search', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors&severity=warning');
    await waitFor(() =>
      expect(rows()).toEqual([['api-auth', 'TokenExpiredError']]),
    );
    expect(lastQuery(api).severity).toEqual(['warning']);
  });

  it('pages on the server', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors');
    await screen.findByRole('table', { name: 'Errors' });
    expect(screen.getByText('1-25 of 30')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastQuery(api).offset).toBe(25));
    expect(await screen.findByText('26-30 of 30')).toBeInTheDocument();
    expect(rows()).toHaveLength(5);
    expect(location()).toBe('/periskop?tab=errors&page=2');
  });

  it('says why nothing was found and offers to reset the filters', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors&q=nothing-like-this');
    expect(await screen.findByTestId('errors-empty')).toHaveTextContent(
      'No open errors in the last 24 hours matching “nothing-like-this”',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Reset filters' }),
    );
    await screen.findByRole('table', { name: 'Errors' });
    expect(location()).toBe('/periskop?tab=errors');
  });

  it('shows the backend’s error', async () => {
    const api = fakeApi();
    api.searchErrors.mockRejectedValue(new Error('the database is down'));
    await renderSearch(api, '/periskop?tab=errors');
    expect(
      (await screen.findAllByText(/the database is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table', { name: 'Errors' })).toBeNull();
  });

  it('starts the services with their own defaults again', async () => {
    const api = fakeApi();
    await renderSearch(api, '/periskop?tab=errors&q=card&sort=totalCount');
    await screen.findByRole('table', { name: 'Errors' });
    await userEvent.click(screen.getByRole('tab', { name: 'Services' }));
    expect(location()).toBe('/periskop');
    await waitFor(() => expect(api.getOverview).toHaveBeenCalled());
  });
});

import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ErrorGroup,
  ErrorGroupListResponse,
  TargetHealth,
  parseTargetsAnnotation,
} from '@periskop-backstage/plugin-periskop-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigationType } from 'react-router-dom';
import { PeriskopApi, periskopApiRef } from '../../api';
import type { ErrorDetailsDrawerProps } from '../ErrorDetails';
import { EntityPeriskopContent } from './EntityPeriskopContent';

// The live refresh is driven from the test: `mockPolling.next()` is one
// scrape interval passing.
const mockPolling = { next: () => {} };
jest.mock('../shared/usePolling', () => {
  const { useState } = jest.requireActual('react');
  return {
    usePolling: () => {
      const [tick, setTick] = useState(0);
      mockPolling.next = () => setTick((t: number) => t + 1);
      return tick;
    },
  };
});

// The drawer is built separately; here it only shows what it was given and
// can report a change like a resolve would.
const mockDrawer: { changedGroup?: ErrorGroup } = {};
jest.mock('../ErrorDetails', () => ({
  ErrorDetailsDrawer: (props: ErrorDetailsDrawerProps) =>
    props.errorId ? (
      <div
        data-testid="details-drawer"
        data-error-id={props.errorId}
        data-entity-ref={props.entityRef}
        data-window-ms={String(props.windowMs)}
        data-refresh-tick={String(props.refreshTick)}
      >
        <button onClick={props.onClose}>Close details</button>
        <button onClick={() => props.onChanged(mockDrawer.changedGroup!)}>
          Resolve in drawer
        </button>
      </div>
    ) : null,
}));

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api-auth', annotations },
    spec: { type: 'service', owner: 'team-identity', lifecycle: 'production' },
  };
}

const annotated = entityWith({
  'periskop.io/targets': 'http://10.0.0.1:8080, http://10.0.0.2:8080',
});

function group(overrides: Partial<ErrorGroup> = {}): ErrorGroup {
  return {
    id: 'g-1',
    entityRef: 'component:default/api-auth',
    aggregationKey: 'TokenExpiredError@e1035a88',
    class: 'TokenExpiredError',
    message: 'jwt expired',
    severity: 'error',
    status: 'open',
    regressed: false,
    regressedAt: null,
    totalCount: 12345,
    firstSeen: ago(3 * HOUR),
    lastSeen: ago(5 * 60_000),
    resolvedAt: null,
    resolvedBy: null,
    sparkline: [...Array(23).fill(0), 7],
    ...overrides,
  };
}

function listOf(
  items: ErrorGroup[],
  extra: Partial<ErrorGroupListResponse> = {},
): ErrorGroupListResponse {
  return {
    items,
    totalItems: items.length,
    severityCounts: { error: items.length, warning: 0, info: 0 },
    ...extra,
  };
}

function target(overrides: Partial<TargetHealth> = {}): TargetHealth {
  return {
    origin: 'scrape',
    url: 'http://10.0.0.1:8080/-/exceptions',
    instance: '307453bb-6694-4cfe-8d5a-0cb2ed2927a2',
    up: true,
    lastScrapeAt: ago(10_000),
    lastSuccessAt: ago(10_000),
    lastError: null,
    durationMs: 35,
    payloadBytes: 52_900,
    errorKeys: 6,
    source: 'http://10.0.0.1:8080/-/exceptions',
    warnings: 0,
    firstWarning: null,
    limitNotice: null,
    ...overrides,
  };
}

const secondTarget = (overrides: Partial<TargetHealth> = {}) =>
  target({
    url: 'http://10.0.0.2:8080/-/exceptions',
    source: 'http://10.0.0.2:8080/-/exceptions',
    instance: 'b2',
    ...overrides,
  });

function fakeApi(
  overrides: Partial<jest.Mocked<PeriskopApi>> = {},
): jest.Mocked<PeriskopApi> {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({
        status: 'ok',
        scrapeIntervalSeconds: 30,
        liveUpdates: false,
      }),
    listErrors: jest.fn().mockResolvedValue(listOf([group()])),
    searchErrors: jest.fn(),
    getErrorSummary: jest.fn(),
    getError: jest.fn(),
    getOccurrences: jest.fn(),
    resolveError: jest.fn(),
    unresolveError: jest.fn(),
    listTargets: jest
      .fn()
      .mockResolvedValue({ items: [target(), secondTarget()], totalItems: 2 }),
    getOverview: jest.fn(),
    getPushKey: jest.fn().mockResolvedValue({
      exists: false,
      createdAt: null,
      createdBy: null,
      hint: null,
      lastUsedAt: null,
    }),
    createPushKey: jest.fn(),
    deletePushKey: jest.fn(),
    ...overrides,
  };
}

const LocationProbe = () => {
  const location = useLocation();
  const navigationType = useNavigationType();
  return (
    <div data-testid="location" data-navigation={navigationType}>
      {location.search}
    </div>
  );
};

function urlParams(): URLSearchParams {
  return new URLSearchParams(screen.getByTestId('location').textContent ?? '');
}

function lastNavigation(): string | null {
  return screen.getByTestId('location').getAttribute('data-navigation');
}

function renderTab(
  api: PeriskopApi,
  options: { route?: string; entity?: Entity } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={options.entity ?? annotated}>
        <EntityPeriskopContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [options.route ?? '/'] },
  );
}

function lastListQuery(api: jest.Mocked<PeriskopApi>) {
  return api.listErrors.mock.calls.at(-1)![1]!;
}

/** `from` of a list query, as milliseconds before now. */
function windowOf(api: jest.Mocked<PeriskopApi>): number | undefined {
  const from = lastListQuery(api).from;
  return from === undefined ? undefined : Date.now() - Date.parse(from);
}

// whole-tab renders with MUI menus are slow on a busy CI machine
jest.setTimeout(20_000);

describe('EntityPeriskopContent', () => {
  afterEach(() => {
    mockDrawer.changedGroup = undefined;
  });

  describe('states', () => {
    it('explains the missing annotation and asks the backend nothing', async () => {
      const api = fakeApi();
      await renderTab(api, { entity: entityWith({}) });

      expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
      expect(
        screen.getAllByText(/periskop\.io\/targets/).length,
      ).toBeGreaterThan(0);
      expect(api.listErrors).not.toHaveBeenCalled();
      expect(api.listTargets).not.toHaveBeenCalled();
    });

    it('shows progress, and no table, while the first page loads', async () => {
      const api = fakeApi();
      api.listErrors.mockImplementation(() => new Promise(() => {}));
      await renderTab(api);

      expect(screen.getByTestId('progress')).toBeInTheDocument();
      expect(screen.queryByRole('table', { name: 'Errors' })).toBeNull();
      expect(screen.queryByTestId('errors-empty')).toBeNull();
    });

    it('lists error groups with everything an on-call engineer needs', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(
          listOf([
            group(),
            group({
              id: 'g-2',
              class: 'SigningKeyRotatedEvent',
              aggregationKey: 'SigningKeyRotatedEvent@7c1433f5',
              message: 'signing key rotated',
              severity: 'info',
              regressed: true,
              regressedAt: ago(HOUR),
              totalCount: 3,
            }),
          ]),
        ),
      });
      await renderTab(api);

      const row = await screen.findByTestId('error-row-g-1');
      expect(within(row).getByText('TokenExpiredError')).toBeInTheDocument();
      expect(within(row).getByText('jwt expired')).toBeInTheDocument();
      expect(
        within(row).getByText('TokenExpiredError@e1035a88'),
      ).toBeInTheDocument();
      expect(within(row).getByText('error')).toBeInTheDocument();
      expect(within(row).getByText('12,345')).toBeInTheDocument();
      expect(
        within(row).getByRole('img', {
          name: '7 occurrences in the last 24 hours',
        }),
      ).toBeInTheDocument();
      expect(within(row).getByText('3 hours ago')).toBeInTheDocument();
      expect(within(row).getByText('5 minutes ago')).toBeInTheDocument();
      expect(within(row).queryByText('Regressed')).toBeNull();

      const regressed = screen.getByTestId('error-row-g-2');
      expect(within(regressed).getByText('Regressed')).toBeInTheDocument();
      expect(within(regressed).getByText('info')).toBeInTheDocument();

      expect(api.listErrors).toHaveBeenCalledTimes(1);
      const [entity, query] = api.listErrors.mock.calls[0];
      expect(entity).toEqual({
        kind: 'Component',
        namespace: 'default',
        name: 'api-auth',
      });
      expect(query).toMatchObject({
        sparkline: true,
        status: 'open',
        sort: 'lastSeen',
        order: 'desc',
        limit: 25,
        offset: 0,
      });
      expect(query!.query).toBeUndefined();
      expect(query!.severity).toBeUndefined();
      expect(windowOf(api)).toBeGreaterThanOrEqual(24 * HOUR);
      expect(windowOf(api)).toBeLessThan(24 * HOUR + 60_000);
    });

    it('renders HTML in messages as text, never as markup', async () => {
      const message = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(
          listOf([
            group({
              message,
              class: '<b>Bold</b>',
              aggregationKey: '<i>k</i>',
            }),
          ]),
        ),
      });
      const { container } = await renderTab(api);

      expect(await screen.findByText(message)).toBeInTheDocument();
      expect(screen.getByText('<b>Bold</b>')).toBeInTheDocument();
      expect(screen.getByText('<i>k</i>')).toBeInTheDocument();
      expect(container.querySelector('script')).toBeNull();
      expect(container.querySelector('img')).toBeNull();
      expect(container.querySelector('b')).toBeNull();
    });

    it('marks resolved groups when resolved groups are listed', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(
          listOf([
            group({
              status: 'resolved',
              resolvedAt: ago(HOUR),
              resolvedBy: 'user:default/guest',
            }),
          ]),
        ),
      });
      await renderTab(api, { route: '/?status=all' });

      const row = await screen.findByTestId('error-row-g-1');
      expect(within(row).getByText('Resolved')).toBeInTheDocument();
      expect(lastListQuery(api).status).toBe('all');
    });

    it('shows a ResponseErrorPanel when the list cannot be loaded', async () => {
      const api = fakeApi({
        listErrors: jest
          .fn()
          .mockRejectedValue(new Error('Periskop backend unreachable')),
      });
      await renderTab(api);

      expect(
        (await screen.findAllByText(/Periskop backend unreachable/)).length,
      ).toBeGreaterThan(0);
      expect(screen.queryByRole('table', { name: 'Errors' })).toBeNull();
      expect(screen.queryByTestId('progress')).toBeNull();
    });

    it('keeps the rows and says so when a live refresh fails', async () => {
      const api = fakeApi();
      api.listErrors
        .mockResolvedValueOnce(listOf([group()]))
        .mockRejectedValueOnce(new Error('HTTP 502'));
      await renderTab(api);
      await screen.findByTestId('error-row-g-1');

      act(() => mockPolling.next());

      expect(await screen.findByRole('alert')).toHaveTextContent(
        /Refresh failed, showing data from/,
      );
      expect(screen.getByTestId('error-row-g-1')).toBeInTheDocument();
    });
  });

  describe('empty states say why', () => {
    it('blames nothing when every target is up', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
      });
      await renderTab(api);

      const empty = await screen.findByTestId('errors-empty');
      expect(
        within(empty).getByText('No open errors in the last 24 hours'),
      ).toBeInTheDocument();
      expect(
        await within(empty).findByText(
          '2 of 2 targets up: the list is up to date.',
        ),
      ).toBeInTheDocument();
      expect(
        within(empty).queryByRole('button', { name: 'Reset filters' }),
      ).toBeNull();
    });

    it('mentions the filters and offers to reset them', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
      });
      await renderTab(api, {
        route: '/?q=token&severity=warning&window=7d&sort=totalCount',
      });

      const empty = await screen.findByTestId('errors-empty');
      expect(
        within(empty).getByText(
          'No open errors in the last 7 days matching “token” with severity warning',
        ),
      ).toBeInTheDocument();

      await userEvent.click(
        within(empty).getByRole('button', { name: 'Reset filters' }),
      );
      // the filters go, the sort stays
      expect(urlParams().toString()).toBe('sort=totalCount');
      await waitFor(() =>
        expect(lastListQuery(api)).toMatchObject({
          sort: 'totalCount',
          status: 'open',
        }),
      );
      expect(lastListQuery(api).query).toBeUndefined();
    });

    it('says the service is not being scraped when every target is down', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
        listTargets: jest.fn().mockResolvedValue({
          items: [
            target({
              up: false,
              lastError: 'connection refused (10.0.0.1:8080)',
            }),
            secondTarget({ up: false, lastError: 'timed out after 10s' }),
          ],
          totalItems: 2,
        }),
      });
      await renderTab(api);

      const empty = await screen.findByTestId('errors-empty');
      expect(
        await within(empty).findByText(
          'This service is not being scraped: 2 of 2 targets down',
        ),
      ).toBeInTheDocument();
      expect(
        within(empty).getByText(
          'http://10.0.0.1:8080/-/exceptions: connection refused (10.0.0.1:8080)',
        ),
      ).toBeInTheDocument();
    });

    it('says "Not scraped yet" for targets that wait for their first scrape', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
        listTargets: jest.fn().mockResolvedValue({
          items: [
            target({ up: false, lastScrapeAt: null, lastSuccessAt: null }),
          ],
          totalItems: 1,
        }),
      });
      await renderTab(api);

      const empty = await screen.findByTestId('errors-empty');
      expect(
        await within(empty).findByText('Not scraped yet'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Not scraped yet: 1 target waiting for the first scrape',
        ),
      ).toBeInTheDocument();
    });

    it('lists the annotation problems when there is no target at all', async () => {
      const annotation = 'ftp://files.example.com, http://ok:1';
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
        listTargets: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
      });
      await renderTab(api, {
        entity: entityWith({ 'periskop.io/targets': annotation }),
      });

      const empty = await screen.findByTestId('errors-empty');
      expect(
        await within(empty).findByText('This service has no scrape targets'),
      ).toBeInTheDocument();
      const [problem] = parseTargetsAnnotation(annotation).errors;
      expect(within(empty).getByText(problem)).toBeInTheDocument();
      expect(
        within(empty).getByText('http://ok:1/-/exceptions'),
      ).toBeInTheDocument();
    });
  });

  describe('filters', () => {
    it('sends the search after typing pauses, once per pause', async () => {
      const api = fakeApi();
      await renderTab(api);
      await screen.findByTestId('error-row-g-1');
      const search = screen.getByRole('textbox', { name: 'Search errors' });

      await userEvent.type(search, 'token');
      // still within the debounce: nothing sent yet
      expect(api.listErrors).toHaveBeenCalledTimes(1);

      await waitFor(() => expect(lastListQuery(api).query).toBe('token'));
      expect(urlParams().get('q')).toBe('token');
      // a new search is a history step of its own
      expect(lastNavigation()).toBe('PUSH');

      await userEvent.type(search, ' expired');
      await waitFor(() =>
        expect(lastListQuery(api).query).toBe('token expired'),
      );
      // refining it replaces that step instead of piling up entries
      expect(lastNavigation()).toBe('REPLACE');
      const queries = api.listErrors.mock.calls.map(([, q]) => q!.query);
      expect(queries).toEqual([undefined, 'token', 'token expired']);
    });

    it('clears the search with Escape', async () => {
      const api = fakeApi();
      await renderTab(api, { route: '/?q=token' });
      await screen.findByTestId('error-row-g-1');
      const search = screen.getByRole('textbox', { name: 'Search errors' });

      await userEvent.type(search, '{Escape}');

      expect(search).toHaveValue('');
      expect(urlParams().get('q')).toBeNull();
      await waitFor(() => expect(lastListQuery(api).query).toBeUndefined());
    });

    it('toggles severity chips, several at once, with their counts', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(
          listOf([group()], {
            severityCounts: { error: 4, warning: 2, info: 0 },
          }),
        ),
      });
      await renderTab(api);

      const warning = await screen.findByRole('button', {
        name: 'Warning 2 groups',
      });
      const error = screen.getByRole('button', { name: 'Error 4 groups' });
      expect(
        screen.getByRole('button', { name: 'Info 0 groups' }),
      ).toHaveAttribute('aria-pressed', 'false');

      await userEvent.click(warning);
      expect(warning).toHaveAttribute('aria-pressed', 'true');
      await waitFor(() =>
        expect(lastListQuery(api).severity).toEqual(['warning']),
      );

      await userEvent.click(error);
      await waitFor(() =>
        expect(lastListQuery(api).severity).toEqual(['error', 'warning']),
      );
      expect(urlParams().getAll('severity')).toEqual(['error', 'warning']);
      expect(lastNavigation()).toBe('PUSH');

      await userEvent.click(warning);
      await waitFor(() =>
        expect(lastListQuery(api).severity).toEqual(['error']),
      );
      expect(warning).toHaveAttribute('aria-pressed', 'false');
    });

    it('sends the status to the API', async () => {
      const api = fakeApi();
      await renderTab(api);
      await screen.findByTestId('error-row-g-1');

      await userEvent.click(screen.getByRole('button', { name: 'Resolved' }));
      await waitFor(() => expect(lastListQuery(api).status).toBe('resolved'));
      expect(urlParams().get('status')).toBe('resolved');
      expect(screen.getByRole('button', { name: 'Resolved' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });

    it('sends the last-seen window to the API as from', async () => {
      const api = fakeApi();
      await renderTab(api);
      await screen.findByTestId('error-row-g-1');

      await userEvent.click(
        screen.getByRole('button', {
          name: '7d, last seen in the last 7 days',
        }),
      );
      await waitFor(() =>
        expect(windowOf(api)).toBeGreaterThanOrEqual(7 * 24 * HOUR),
      );
      expect(windowOf(api)).toBeLessThan(7 * 24 * HOUR + 60_000);
      expect(urlParams().get('window')).toBe('7d');

      await userEvent.click(
        screen.getByRole('button', { name: 'All, last seen at any time' }),
      );
      await waitFor(() => expect(urlParams().get('window')).toBe('all'));
      await waitFor(() => expect(api.listErrors).toHaveBeenCalledTimes(3));
      expect(lastListQuery(api).from).toBeUndefined();
    });

    it('sends the sort field and order to the API', async () => {
      const api = fakeApi();
      await renderTab(api);
      await screen.findByTestId('error-row-g-1');

      await userEvent.click(screen.getByRole('button', { name: /Sort by/ }));
      await userEvent.click(
        await screen.findByRole('option', { name: 'Occurrences' }),
      );
      await waitFor(() =>
        expect(lastListQuery(api)).toMatchObject({
          sort: 'totalCount',
          order: 'desc',
        }),
      );

      await userEvent.click(
        screen.getByRole('button', {
          name: 'Sorted descending, switch to ascending',
        }),
      );
      await waitFor(() => expect(lastListQuery(api).order).toBe('asc'));
      expect(urlParams().toString()).toBe('sort=totalCount&order=asc');
    });

    it('sorts by a clicked column header, newest or most first', async () => {
      const api = fakeApi();
      await renderTab(api, { route: '/?sort=lastSeen&order=asc' });
      await screen.findByTestId('error-row-g-1');

      await userEvent.click(screen.getByRole('button', { name: 'First seen' }));
      await waitFor(() =>
        expect(lastListQuery(api)).toMatchObject({
          sort: 'firstSeen',
          order: 'desc',
        }),
      );
      // the active column flips its order
      await userEvent.click(screen.getByRole('button', { name: 'First seen' }));
      await waitFor(() => expect(lastListQuery(api).order).toBe('asc'));
      expect(urlParams().toString()).toBe('sort=firstSeen&order=asc');
    });

    it('restores the exact view from a pasted link', async () => {
      const api = fakeApi({
        listErrors: jest
          .fn()
          .mockResolvedValue(listOf([group()], { totalItems: 120 })),
      });
      await renderTab(api, {
        route:
          '/?q=token&severity=warning&status=all&window=7d&sort=totalCount&order=asc&page=2&pageSize=50&errorId=g-1',
      });

      await screen.findByTestId('error-row-g-1');
      expect(api.listErrors).toHaveBeenCalledTimes(1);
      expect(lastListQuery(api)).toMatchObject({
        query: 'token',
        severity: ['warning'],
        status: 'all',
        sort: 'totalCount',
        order: 'asc',
        limit: 50,
        offset: 50,
      });
      expect(windowOf(api)).toBeGreaterThanOrEqual(7 * 24 * HOUR);
      expect(
        screen.getByRole('textbox', { name: 'Search errors' }),
      ).toHaveValue('token');
      expect(screen.getByRole('button', { name: /^Warning/ })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      expect(screen.getByRole('button', { name: 'All' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      expect(
        screen.getByRole('button', {
          name: '7d, last seen in the last 7 days',
        }),
      ).toHaveAttribute('aria-pressed', 'true');
      expect(screen.getByText('51-100 of 120')).toBeInTheDocument();
      expect(screen.getByTestId('details-drawer')).toHaveAttribute(
        'data-error-id',
        'g-1',
      );
      expect(screen.getByTestId('error-row-g-1')).toHaveClass('Mui-selected');
    });
  });

  describe('pagination', () => {
    it('pages on the server and resets to page 1 on a new page size', async () => {
      const api = fakeApi({
        listErrors: jest
          .fn()
          .mockResolvedValue(listOf([group()], { totalItems: 60 })),
      });
      await renderTab(api);
      expect(await screen.findByText('1-25 of 60')).toBeInTheDocument();

      await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
      await waitFor(() =>
        expect(lastListQuery(api)).toMatchObject({ limit: 25, offset: 25 }),
      );
      expect(urlParams().get('page')).toBe('2');
      expect(await screen.findByText('26-50 of 60')).toBeInTheDocument();

      await userEvent.click(
        screen.getByRole('button', { name: /Rows per page/ }),
      );
      await userEvent.click(await screen.findByRole('option', { name: '50' }));
      await waitFor(() =>
        expect(lastListQuery(api)).toMatchObject({ limit: 50, offset: 0 }),
      );
      expect(urlParams().get('page')).toBeNull();
      expect(urlParams().get('pageSize')).toBe('50');
    });

    it('goes to the last page when the page is past the end', async () => {
      const api = fakeApi({
        listErrors: jest.fn(async (_, query) =>
          query!.offset! >= 30
            ? listOf([], { totalItems: 30 })
            : listOf([group()], { totalItems: 30 }),
        ),
      });
      await renderTab(api, { route: '/?page=4' });

      await screen.findByTestId('error-row-g-1');
      expect(urlParams().get('page')).toBe('2');
      expect(lastListQuery(api).offset).toBe(25);
      expect(lastNavigation()).toBe('REPLACE');
    });
  });

  describe('details', () => {
    it('opens the details of a clicked row through the URL', async () => {
      const api = fakeApi();
      await renderTab(api, { route: '/?window=7d' });
      const row = await screen.findByTestId('error-row-g-1');

      expect(
        within(row).getByRole('link', { name: 'TokenExpiredError' }),
      ).toHaveAttribute('href', '/?window=7d&errorId=g-1');
      expect(screen.queryByTestId('details-drawer')).toBeNull();

      await userEvent.click(within(row).getByText('jwt expired'));

      expect(urlParams().get('errorId')).toBe('g-1');
      expect(lastNavigation()).toBe('PUSH');
      const drawer = screen.getByTestId('details-drawer');
      expect(drawer).toHaveAttribute('data-error-id', 'g-1');
      expect(drawer).toHaveAttribute(
        'data-entity-ref',
        'component:default/api-auth',
      );
      expect(drawer).toHaveAttribute('data-window-ms', String(7 * 24 * HOUR));
      // opening details is not a new list query
      expect(api.listErrors).toHaveBeenCalledTimes(1);

      await userEvent.click(
        screen.getByRole('button', { name: 'Close details' }),
      );
      expect(urlParams().get('errorId')).toBeNull();
      expect(urlParams().get('window')).toBe('7d');
      expect(screen.queryByTestId('details-drawer')).toBeNull();
    });

    it('takes a group resolved in the details out of the open list at once', async () => {
      const api = fakeApi();
      const second = group({ id: 'g-2', class: 'SyntaxError' });
      api.listErrors
        .mockResolvedValueOnce(listOf([group(), second]))
        // the refetch after the change: served later, on demand
        .mockImplementationOnce(() => new Promise(() => {}));
      await renderTab(api, { route: '/?errorId=g-1' });
      await screen.findByTestId('error-row-g-1');

      mockDrawer.changedGroup = group({
        status: 'resolved',
        resolvedAt: new Date().toISOString(),
        resolvedBy: 'user:default/guest',
      });
      await userEvent.click(
        screen.getByRole('button', { name: 'Resolve in drawer' }),
      );

      expect(screen.queryByTestId('error-row-g-1')).toBeNull();
      expect(screen.getByTestId('error-row-g-2')).toBeInTheDocument();
      expect(screen.getByText('1-1 of 1')).toBeInTheDocument();
      // refetched silently, and the drawer stays open
      expect(api.listErrors).toHaveBeenCalledTimes(2);
      expect(screen.queryByTestId('progress')).toBeNull();
      expect(screen.getByTestId('details-drawer')).toBeInTheDocument();
    });

    it('updates a changed group in place when all statuses are listed', async () => {
      const api = fakeApi();
      api.listErrors
        .mockResolvedValueOnce(listOf([group()]))
        .mockImplementationOnce(() => new Promise(() => {}));
      await renderTab(api, { route: '/?status=all&errorId=g-1' });
      const row = await screen.findByTestId('error-row-g-1');
      expect(within(row).queryByText('Resolved')).toBeNull();

      mockDrawer.changedGroup = group({
        status: 'resolved',
        sparkline: undefined,
      });
      await userEvent.click(
        screen.getByRole('button', { name: 'Resolve in drawer' }),
      );

      expect(screen.getByTestId('error-row-g-1')).toBe(row);
      expect(within(row).getByText('Resolved')).toBeInTheDocument();
      // the list's sparkline is kept when the change carries none
      expect(
        within(row).getByRole('img', {
          name: '7 occurrences in the last 24 hours',
        }),
      ).toBeInTheDocument();
    });
  });

  describe('target health', () => {
    it('sums up healthy targets and shows each one on demand', async () => {
      const api = fakeApi();
      await renderTab(api);

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('2 of 2 targets up'),
      ).toBeInTheDocument();
      // relative to the fixture's time; a loaded machine renders a little later
      expect(within(panel).getByText(/^1\d seconds ago$/)).toBeInTheDocument();
      // collapsed while everything works
      expect(within(panel).queryByRole('table')).toBeNull();

      await userEvent.click(within(panel).getByText('2 of 2 targets up'));
      const table = within(panel).getByRole('table', {
        name: 'Scrape targets',
      });
      expect(
        within(table).getByText('http://10.0.0.1:8080/-/exceptions'),
      ).toBeInTheDocument();
      expect(
        within(table).getByText(
          'instance 307453bb-6694-4cfe-8d5a-0cb2ed2927a2',
        ),
      ).toBeInTheDocument();
      expect(within(table).getAllByText('Up')).toHaveLength(2);
      expect(within(table).getAllByText('6')).toHaveLength(2);
      expect(within(table).getAllByText('35 ms · 51.7 kB')).toHaveLength(2);
    });

    it('says which targets passed a cap on error groups, and why beside each', async () => {
      const notice =
        '38 error keys folded into "Other errors (over the group cap)": the entity has 1000 groups (periskop.limits.groupsPerEntity)';
      const api = fakeApi({
        listTargets: jest.fn().mockResolvedValue({
          items: [target(), secondTarget({ limitNotice: notice })],
          totalItems: 2,
        }),
      });
      await renderTab(api);

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('1 target over a cap on error groups'),
      ).toBeInTheDocument();
      await userEvent.click(within(panel).getByText('2 of 2 targets up'));
      const table = within(panel).getByRole('table', {
        name: 'Scrape targets',
      });
      expect(within(table).getByText(notice)).toBeInTheDocument();
    });

    it('names the invalid annotation entries skipped beside valid ones', async () => {
      const api = fakeApi();
      await renderTab(api, {
        entity: entityWith({
          'periskop.io/targets':
            'http://10.0.0.1:8080, http//10.0.0.3:8080, http://10.0.0.2:8080',
        }),
      });

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('1 invalid annotation entry skipped'),
      ).toBeInTheDocument();
      // the valid entries are scraped: a warning, not an outage
      expect(within(panel).getByText('2 of 2 targets up')).toBeInTheDocument();
      expect(within(panel).queryByRole('table')).toBeNull();

      await userEvent.click(within(panel).getByText('2 of 2 targets up'));
      const entries = within(panel).getByRole('list', {
        name: 'invalid periskop.io/targets entries',
      });
      expect(within(entries).getAllByRole('listitem')).toHaveLength(1);
      expect(
        within(entries).getByText(
          '"http//10.0.0.3:8080" is not a supported target: use http(s)://, dns+a:// or dns+srv://',
        ),
      ).toBeInTheDocument();
      expect(
        within(panel).getByRole('table', { name: 'Scrape targets' }),
      ).toBeInTheDocument();
    });

    it('opens by itself and quotes the error when a target is down', async () => {
      const api = fakeApi({
        listTargets: jest.fn().mockResolvedValue({
          items: [
            target(),
            secondTarget({
              up: false,
              lastScrapeAt: ago(5_000),
              lastSuccessAt: ago(2 * HOUR),
              lastError: 'HTTP 503 Service Unavailable',
              warnings: 2,
              firstWarning: 'aggregates[3]: missing aggregation_key',
            }),
          ],
          totalItems: 2,
        }),
      });
      await renderTab(api);

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('1 of 2 targets up'),
      ).toBeInTheDocument();
      expect(
        within(panel).getByText(
          'http://10.0.0.2:8080/-/exceptions: HTTP 503 Service Unavailable',
        ),
      ).toBeInTheDocument();
      expect(
        within(panel).getByText('2 malformed items skipped'),
      ).toBeInTheDocument();

      const table = within(panel).getByRole('table', {
        name: 'Scrape targets',
      });
      expect(within(table).getByText('Down')).toBeInTheDocument();
      expect(
        within(table).getByText('HTTP 503 Service Unavailable'),
      ).toBeInTheDocument();
      expect(
        within(table).getByText(
          'Skipped aggregates[3]: missing aggregation_key',
        ),
      ).toBeInTheDocument();
      expect(within(table).getByText('2 hours ago')).toBeInTheDocument();
    });

    it('says when target health cannot be loaded', async () => {
      const api = fakeApi({
        listTargets: jest.fn().mockRejectedValue(new Error('forbidden')),
      });
      await renderTab(api);

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('Target health is unavailable'),
      ).toBeInTheDocument();
      // the errors still load
      expect(await screen.findByTestId('error-row-g-1')).toBeInTheDocument();
    });
  });

  describe('pushed instances', () => {
    const pushOnly = entityWith({ 'periskop.io/service-name': 'nightly' });
    const pushed = (overrides: Partial<TargetHealth> = {}) =>
      target({
        origin: 'push',
        url: 'push:job-7f3a',
        instance: 'job-7f3a',
        source: 'push',
        up: true,
        // a job that ran days ago and has not pushed since
        lastScrapeAt: ago(3 * 24 * HOUR),
        lastSuccessAt: ago(3 * 24 * HOUR),
        durationMs: null,
        payloadBytes: 2048,
        errorKeys: 2,
        ...overrides,
      });

    it('shows an instance that pushed long ago as pushed, not down', async () => {
      const api = fakeApi({
        listTargets: jest
          .fn()
          .mockResolvedValue({ items: [pushed()], totalItems: 1 }),
      });
      await renderTab(api, { entity: pushOnly });

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('1 pushed instance'),
      ).toBeInTheDocument();
      expect(within(panel).getByText('3 days ago')).toBeInTheDocument();
      expect(within(panel).queryByText(/targets? up/)).toBeNull();
      // nothing is wrong, so nothing opens by itself
      expect(within(panel).queryByRole('table')).toBeNull();

      await userEvent.click(within(panel).getByText('1 pushed instance'));
      const table = within(panel).getByRole('table', {
        name: 'Pushed instances',
      });
      expect(
        within(table).getByRole('columnheader', { name: 'Last push' }),
      ).toBeInTheDocument();
      const row = within(table).getAllByRole('row')[1];
      expect(within(row).getByText('Pushed')).toBeInTheDocument();
      expect(within(row).queryByText('Down')).toBeNull();
      expect(within(row).getByText('job-7f3a')).toBeInTheDocument();
      expect(within(row).queryByText('push:job-7f3a')).toBeNull();
      expect(row).toHaveTextContent('last push 3 days ago');
      // no scrape timing for a push
      expect(within(row).queryByText(/ ms/)).toBeNull();
      expect(within(row).getByText('2.0 kB')).toBeInTheDocument();
    });

    it('lists pushed instances beside the scrape targets without counting them as targets', async () => {
      const api = fakeApi({
        listTargets: jest.fn().mockResolvedValue({
          items: [target(), secondTarget(), pushed()],
          totalItems: 3,
        }),
      });
      await renderTab(api);

      const panel = await screen.findByTestId('target-health');
      expect(
        await within(panel).findByText('2 of 2 targets up'),
      ).toBeInTheDocument();
      expect(within(panel).getByText('1 pushed instance')).toBeInTheDocument();
      expect(within(panel).queryByRole('table')).toBeNull();

      await userEvent.click(within(panel).getByText('2 of 2 targets up'));
      const table = within(panel).getByRole('table', {
        name: 'Scrape targets and pushed instances',
      });
      expect(within(table).getAllByText('Up')).toHaveLength(2);
      expect(within(table).getAllByText('Pushed')).toHaveLength(1);
      expect(within(table).queryByText('Down')).toBeNull();
    });

    it('explains how to push on an entity that only pushes and has not yet', async () => {
      const api = fakeApi({
        listErrors: jest.fn().mockResolvedValue(listOf([])),
        listTargets: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
      });
      await renderTab(api, { entity: pushOnly });

      const empty = await screen.findByTestId('errors-empty');
      expect(
        await within(empty).findByText('Nothing pushed yet'),
      ).toBeInTheDocument();
      expect(empty).toHaveTextContent('Create a push key');
      expect(empty).not.toHaveTextContent(/no scrape targets/i);
      const health = screen.getByTestId('target-health');
      expect(
        within(health).getByText('Nothing pushed yet'),
      ).toBeInTheDocument();
      expect(within(health).queryByText('No scrape targets')).toBeNull();
      // the push key panel is open, with what to do
      expect(
        await within(screen.getByTestId('push-key')).findByRole('button', {
          name: 'Create push key',
        }),
      ).toBeInTheDocument();
      expect(api.getPushKey).toHaveBeenCalledWith({
        kind: 'Component',
        namespace: 'default',
        name: 'api-auth',
      });
    });
  });

  describe('live refresh', () => {
    it('refreshes list and targets in place, without progress or remounts', async () => {
      const api = fakeApi();
      api.listErrors
        .mockResolvedValueOnce(listOf([group({ totalCount: 41 })]))
        .mockResolvedValueOnce(listOf([group({ totalCount: 42 })]));
      await renderTab(api, { route: '/?errorId=g-1&q=jwt' });
      const table = await screen.findByRole('table', { name: 'Errors' });
      const search = screen.getByRole('textbox', { name: 'Search errors' });
      act(() => search.focus());
      expect(screen.getByText('41')).toBeInTheDocument();
      expect(screen.getByTestId('details-drawer')).toHaveAttribute(
        'data-refresh-tick',
        '0',
      );

      act(() => mockPolling.next());

      // no progress bar for a refresh, not even for a moment
      expect(screen.queryByTestId('progress')).toBeNull();
      expect(await screen.findByText('42')).toBeInTheDocument();
      expect(api.listErrors).toHaveBeenCalledTimes(2);
      expect(api.listTargets).toHaveBeenCalledTimes(2);
      expect(lastListQuery(api).query).toBe('jwt');
      // same table element, same focus, drawer still open and told to refresh
      expect(screen.getByRole('table', { name: 'Errors' })).toBe(table);
      expect(search).toHaveFocus();
      expect(screen.getByTestId('details-drawer')).toHaveAttribute(
        'data-refresh-tick',
        '1',
      );
    });
  });
});

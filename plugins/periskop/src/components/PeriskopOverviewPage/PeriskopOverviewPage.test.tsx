import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  OverviewQuery,
  OverviewRow,
} from '@periskop-backstage/plugin-periskop-common';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PeriskopApi, periskopApiRef } from '../../api';
import {
  PeriskopOverviewPage,
  PeriskopOverviewPageBody,
} from './PeriskopOverviewPage';

// lazy extensions and material-table are slow in jsdom on a busy machine
configure({ asyncUtilTimeout: 10_000 });

function row(overrides: Partial<OverviewRow> & { entityRef: string }) {
  return {
    title: overrides.entityRef.split('/')[1],
    owner: 'group:default/team-content',
    openErrors: 0,
    newErrors: 0,
    regressedErrors: 0,
    occurrences: 0,
    targetsUp: 1,
    targetsTotal: 1,
    pushOnly: false,
    ...overrides,
  };
}

const ROWS: OverviewRow[] = [
  row({
    entityRef: 'component:default/api-auth',
    title: 'Auth API',
    owner: 'group:default/team-identity',
    openErrors: 6,
    newErrors: 2,
    regressedErrors: 1,
    occurrences: 120,
    targetsUp: 3,
    targetsTotal: 3,
  }),
  row({
    entityRef: 'component:default/api-feeds',
    title: 'Feeds API',
    openErrors: 3,
    occurrences: 900,
    targetsUp: 1,
    targetsTotal: 3,
  }),
  row({
    entityRef: 'component:default/payments',
    title: 'Payments',
    owner: 'group:default/team-payments',
    openErrors: 9,
    occurrences: 5,
    targetsUp: 2,
    targetsTotal: 2,
  }),
];

/** A fake `getOverview` that filters like the backend does. */
function fakeOverview(rows: OverviewRow[] = ROWS) {
  return jest.fn(async (query: OverviewQuery = {}) => {
    const items = rows.filter(
      r =>
        (!query.owner || query.owner.includes(r.owner ?? '')) &&
        (!query.query ||
          `${r.entityRef} ${r.title} ${r.owner}`
            .toLowerCase()
            .includes(query.query.toLowerCase())),
    );
    return { items, totalItems: items.length };
  });
}

function fakeApi(getOverview = fakeOverview()) {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({
        status: 'ok',
        scrapeIntervalSeconds: 30,
        liveUpdates: false,
      }),
    getOverview,
  } satisfies Partial<PeriskopApi>;
}

const alice = mockApis.identity({
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-identity'],
});
const guest = mockApis.identity({
  userEntityRef: 'user:development/guest',
  ownershipEntityRefs: ['user:development/guest'],
});

async function renderPage(
  api: Partial<PeriskopApi>,
  identity = alice,
  url = '/periskop',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [identityApiRef, identity],
      ]}
    >
      <PeriskopOverviewPage />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The entity titles in table order. */
function titles(): string[] {
  return screen
    .getAllByRole('link')
    .filter(link => link.getAttribute('href')?.endsWith('/errors'))
    .map(link => link.textContent ?? '');
}

const lastQuery = (api: { getOverview: jest.Mock }) =>
  api.getOverview.mock.calls[api.getOverview.mock.calls.length - 1][0];

// material-table renders slowly in jsdom
jest.setTimeout(30_000);

describe('PeriskopOverviewPage', () => {
  it('shows the entities of my teams by default when I own one', async () => {
    const api = fakeApi();
    await renderPage(api);

    expect(await screen.findByText('Auth API')).toBeInTheDocument();
    expect(screen.queryByText('Feeds API')).not.toBeInTheDocument();
    expect(lastQuery(api)).toEqual(
      expect.objectContaining({
        owner: ['user:default/alice', 'group:default/team-identity'],
      }),
    );
    expect(screen.getByRole('button', { name: 'My teams' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByText('Owned by your teams')).toBeInTheDocument();
  });

  it('says "pushed" instead of targets for an entity whose jobs push', async () => {
    const api = fakeApi(
      fakeOverview([
        row({
          entityRef: 'component:default/nightly-import',
          title: 'Nightly import',
          owner: 'group:default/team-identity',
          openErrors: 2,
          targetsUp: 0,
          targetsTotal: 0,
          pushOnly: true,
        }),
      ]),
    );
    await renderPage(api);

    expect(await screen.findByText('Nightly import')).toBeInTheDocument();
    expect(screen.getByText('pushed')).toBeInTheDocument();
    expect(screen.queryByText('none')).not.toBeInTheDocument();
  });

  it('shows all entities by default to someone who owns none of them', async () => {
    const api = fakeApi();
    await renderPage(api, guest);

    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(screen.getByText('Auth API')).toBeInTheDocument();
    expect(screen.getByText('Payments')).toBeInTheDocument();
    expect(lastQuery(api).owner).toBeUndefined();
    expect(screen.getByRole('button', { name: 'All' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('does not offer "My teams" to a user without ownership', async () => {
    const api = fakeApi();
    await renderPage(
      api,
      mockApis.identity({
        userEntityRef: 'user:default/x',
        ownershipEntityRefs: [],
      }),
    );

    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'My teams' })).toBeDisabled();
    // no ownership to probe with: one request, unfiltered
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(lastQuery(api).owner).toBeUndefined();
  });

  it('waits for the identity before filtering by my teams', async () => {
    let signIn: () => void = () => {};
    const slowIdentity = {
      ...alice,
      getBackstageIdentity: () =>
        new Promise<Awaited<ReturnType<typeof alice.getBackstageIdentity>>>(
          resolve => {
            signIn = () => resolve(alice.getBackstageIdentity());
          },
        ),
    };
    const api = fakeApi();
    await renderPage(api, slowIdentity, '/periskop?view=mine');

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(
      screen.queryByText('No entities owned by your teams'),
    ).not.toBeInTheDocument();
    expect(api.getOverview).not.toHaveBeenCalled();

    signIn();
    expect(await screen.findByText('Auth API')).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(lastQuery(api).owner).toEqual([
      'user:default/alice',
      'group:default/team-identity',
    ]);
  });

  it('switches between my teams and all', async () => {
    const api = fakeApi();
    await renderPage(api);
    expect(await screen.findByText('Auth API')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(lastQuery(api).owner).toBeUndefined();

    await userEvent.click(screen.getByRole('button', { name: 'My teams' }));
    await waitFor(() =>
      expect(screen.queryByText('Feeds API')).not.toBeInTheDocument(),
    );
    expect(lastQuery(api).owner).toEqual([
      'user:default/alice',
      'group:default/team-identity',
    ]);
  });

  it('sends the text filter and the time window to the API', async () => {
    const api = fakeApi();
    await renderPage(api, alice, '/periskop?view=all');
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(screen.getByText('New (24h)')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Filter entities'), 'pay');
    await waitFor(() => expect(lastQuery(api).query).toBe('pay'));
    await waitFor(() =>
      expect(screen.queryByText('Feeds API')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('Payments')).toBeInTheDocument();

    const before = Date.now();
    await userEvent.click(
      screen.getByRole('button', { name: '7d, last 7 days' }),
    );
    await waitFor(() =>
      expect(screen.getByText('New (7d)')).toBeInTheDocument(),
    );
    const query = lastQuery(api);
    const windowMs = Date.now() - Date.parse(query.from!);
    expect(windowMs).toBeGreaterThanOrEqual(7 * 24 * 3600_000);
    expect(windowMs).toBeLessThan(
      7 * 24 * 3600_000 + (Date.now() - before) + 5000,
    );
    expect(query.query).toBe('pay');
  });

  it('takes its filters and sorting from the URL', async () => {
    const api = fakeApi();
    await renderPage(
      api,
      alice,
      '/periskop?view=all&q=api&window=1h&sort=title&order=desc',
    );
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();

    expect(lastQuery(api)).toEqual(
      expect.objectContaining({ owner: undefined, query: 'api' }),
    );
    expect(Date.now() - Date.parse(lastQuery(api).from!)).toBeLessThan(
      3600_000 + 5000,
    );
    expect(screen.getByLabelText('Filter entities')).toHaveValue('api');
    expect(screen.getByText('Occurrences (1h)')).toBeInTheDocument();
    expect(titles()).toEqual(['Feeds API', 'Auth API']);
  });

  it('sorts by open errors by default and by any column on click', async () => {
    await renderPage(fakeApi(), guest);
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(titles()).toEqual(['Payments', 'Auth API', 'Feeds API']);

    // a new column keeps the current direction (descending: largest first)
    fireEvent.click(screen.getByText('Occurrences (24h)'));
    await waitFor(() =>
      expect(titles()).toEqual(['Feeds API', 'Auth API', 'Payments']),
    );
    // the second click on it reverses it
    fireEvent.click(screen.getByText('Occurrences (24h)'));
    await waitFor(() =>
      expect(titles()).toEqual(['Payments', 'Auth API', 'Feeds API']),
    );

    fireEvent.click(screen.getByText('Targets'));
    // ascending health: the least healthy first
    await waitFor(() => expect(titles()[0]).toBe('Feeds API'));

    fireEvent.click(screen.getByText('Entity'));
    await waitFor(() =>
      expect(titles()).toEqual(['Auth API', 'Feeds API', 'Payments']),
    );
  });

  it('links every entity to its Errors tab and its owner to the catalog', async () => {
    await renderPage(fakeApi(), guest);
    expect(await screen.findByText('Auth API')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Auth API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors',
    );
    expect(screen.getByRole('link', { name: 'team-identity' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-identity',
    );
  });

  it('shows the numbers and marks targets that are not all up', async () => {
    await renderPage(fakeApi(), guest);
    const authRow = (await screen.findByText('Auth API')).closest('tr')!;
    const feedsRow = screen.getByText('Feeds API').closest('tr')!;

    expect(within(authRow).getByText('120')).toBeInTheDocument();
    expect(within(authRow).getByText('6')).toBeInTheDocument();
    expect(within(feedsRow).getByText('900')).toBeInTheDocument();

    const healthy = within(authRow).getByTestId('periskop-targets');
    const degraded = within(feedsRow).getByTestId('periskop-targets');
    expect(healthy).toHaveTextContent('3/3');
    expect(degraded).toHaveTextContent('1/3');
    // the test app theme's palette.error.main (#f44336), darkened to reach
    // 4.5:1 on the card (readableOnTheme)
    expect(getComputedStyle(degraded).color).toBe('rgb(207, 56, 45)');
    expect(getComputedStyle(healthy).color).not.toBe('rgb(207, 56, 45)');
  });

  it('renders HTML in titles as text', async () => {
    await renderPage(
      fakeApi(
        fakeOverview([
          row({
            entityRef: 'component:default/evil',
            title: '<img src=x onerror="alert(1)">',
          }),
        ]),
      ),
      guest,
    );
    expect(
      await screen.findByText('<img src=x onerror="alert(1)">'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows progress while loading and the error when the overview fails', async () => {
    const pending = fakeApi(jest.fn(() => new Promise<never>(() => {})));
    const { unmount } = await renderPage(pending, guest);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();

    await renderPage(
      fakeApi(jest.fn().mockRejectedValue(new Error('Periskop is down'))),
      guest,
    );
    expect(
      (await screen.findAllByText(/Periskop is down/)).length,
    ).toBeGreaterThan(0);
  });

  it('explains the annotation when no entity is annotated', async () => {
    await renderPage(fakeApi(fakeOverview([])), guest);
    expect(
      await screen.findByText('No annotated entities'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/periskop\.io\/targets/).length).toBeGreaterThan(
      0,
    );
  });

  it('offers all entities when my teams own none', async () => {
    const api = fakeApi();
    await renderPage(api, guest, '/periskop?view=mine');
    expect(
      await screen.findByText('No entities owned by your teams'),
    ).toBeInTheDocument();
    expect(lastQuery(api).owner).toEqual(['user:development/guest']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all entities' }),
    );
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
    expect(lastQuery(api).owner).toBeUndefined();
  });

  it('says when nothing matches the text filter', async () => {
    await renderPage(fakeApi(), guest, '/periskop?q=nothing-like-this');
    expect(
      await screen.findByText('No entities match “nothing-like-this”'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(await screen.findByText('Feeds API')).toBeInTheDocument();
  });

  it('has a page header with its title and what it shows', async () => {
    await renderPage(fakeApi());
    expect(
      screen.getByRole('heading', { level: 1, name: 'Errors' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Open errors of every service that Periskop scrapes'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Auth API')).toBeInTheDocument();
  });

  it('heads its body in the new frontend system below the plugin header', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [periskopApiRef, fakeApi()],
          [identityApiRef, alice],
        ]}
      >
        <PeriskopOverviewPageBody />
      </TestApiProvider>,
      {
        routeEntries: ['/periskop'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    // the app's page layout renders the h1 (the page extension's title)
    expect(
      screen.getByRole('heading', { level: 2, name: 'Errors overview' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Open errors of every service that Periskop scrapes'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Auth API')).toBeInTheDocument();
  });
});

import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import {
  ErrorDetails,
  ErrorGroup,
  Sample,
} from '@periskop-backstage/plugin-periskop-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { PeriskopApi, periskopApiRef } from '../../api';
import { ErrorDetailsDrawer } from './ErrorDetailsDrawer';

// jsdom renders of the whole view are slow on a loaded 2-core machine
jest.setTimeout(30_000);

const group: ErrorGroup = {
  id: 'g1',
  entityRef: 'component:default/payments',
  aggregationKey: 'ArgumentError@payments/charge #1',
  class: 'ArgumentError',
  message: 'wrapped',
  severity: 'error',
  status: 'open',
  regressed: false,
  regressedAt: null,
  totalCount: 1234,
  firstSeen: '2026-01-01T10:00:00.000Z',
  lastSeen: '2026-01-31T11:59:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
};

const withCause: Sample = {
  uuid: 'sample-1',
  timestamp: '2026-01-31T11:59:00.000Z',
  severity: 'error',
  instance: 'pod-a-uuid',
  error: {
    class: 'ArgumentError',
    message: 'wrapped',
    stacktrace: [
      "charge.rb:11:in `rescue in <main>'",
      "charge.rb:11:in `<main>'",
    ],
    cause: {
      class: 'ZeroDivisionError',
      message: 'divided by 0',
      stacktrace: ["charge.rb:6:in `/'"],
      cause: null,
    },
  },
  httpContext: {
    requestMethod: 'POST',
    requestUrl: 'http://payments.example.com/charge?id=7',
    requestHeaders: {
      'Content-Type': 'application/json',
      Authorization: '[REDACTED]',
    },
    requestBody: `{"note":"it's"}`,
  },
};

const longTrace: Sample = {
  uuid: 'sample-2',
  timestamp: '2026-01-31T11:00:00.000Z',
  severity: 'warning',
  instance: 'http://10.0.0.2:8080/-/exceptions',
  error: {
    class: 'ArgumentError',
    message: 'wrapped',
    stacktrace: Array.from({ length: 40 }, (_, i) => `frame-${i + 1}`),
    cause: null,
  },
  httpContext: null,
};

const oldest: Sample = {
  ...longTrace,
  uuid: 'sample-3',
  timestamp: '2026-01-30T08:00:00.000Z',
  error: { ...longTrace.error, stacktrace: ['only-frame'] },
};

const details: ErrorDetails = {
  ...group,
  samples: [withCause, longTrace, oldest],
  instances: [
    {
      instance: 'pod-a-uuid',
      totalCount: 234,
      lastSeen: '2026-01-31T11:59:00.000Z',
    },
    {
      instance: 'http://10.0.0.2:8080/-/exceptions',
      totalCount: 1000,
      lastSeen: '2026-01-31T11:00:00.000Z',
    },
  ],
};

const occurrences = {
  step: 21600,
  points: [4, 0, 7, 1].map((count, i) => ({
    time: new Date(
      Date.parse('2026-01-30T00:00:00Z') + i * 21600000,
    ).toISOString(),
    count,
  })),
};

function fakeApi(
  overrides: Partial<
    Pick<PeriskopApi, 'getError' | 'resolveError' | 'unresolveError'>
  > = {},
) {
  return {
    getError: jest.fn(overrides.getError ?? (async () => details)),
    getOccurrences: jest.fn(async () => occurrences),
    resolveError: jest.fn(overrides.resolveError ?? (async () => group)),
    unresolveError: jest.fn(overrides.unresolveError ?? (async () => group)),
  };
}

/** Renders the drawer; `refresh()` increases refreshTick like the tab's polling. */
async function renderDrawer(
  options: {
    api?: ReturnType<typeof fakeApi>;
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entityRef?: string;
  } = {},
) {
  const api = options.api ?? fakeApi();
  const onChanged = jest.fn();
  const onClose = jest.fn();
  let bump = () => {};
  const Harness = () => {
    const [tick, setTick] = useState(0);
    bump = () => setTick(t => t + 1);
    return (
      <ErrorDetailsDrawer
        errorId="g1"
        entityRef={options.entityRef ?? 'component:default/payments'}
        windowMs={undefined}
        refreshTick={tick}
        onClose={onClose}
        onChanged={onChanged}
      />
    );
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.authorize ?? AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      <Harness />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  const refresh = async () => {
    const calls = api.getError.mock.calls.length;
    act(() => bump());
    await waitFor(() => expect(api.getError.mock.calls.length).toBe(calls + 1));
  };
  return { api, onChanged, onClose, refresh };
}

async function loaded() {
  return screen.findByTestId('error-summary');
}

describe('ErrorDetailsDrawer', () => {
  it('shows the summary, occurrences and instances of the group', async () => {
    const { api } = await renderDrawer();
    const summary = await loaded();

    expect(
      screen.getByRole('heading', { name: 'ArgumentError' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('error-message')).toHaveTextContent('wrapped');
    expect(screen.getByTestId('aggregation-key')).toHaveTextContent(
      'ArgumentError@payments/charge #1',
    );
    expect(screen.getByTestId('total-count')).toHaveTextContent('1,234');
    expect(within(summary).getByText('error')).toBeInTheDocument();
    expect(within(summary).getByText('Open')).toBeInTheDocument();
    expect(
      [...summary.querySelectorAll('time')].map(t =>
        t.getAttribute('datetime'),
      ),
    ).toEqual([group.firstSeen, group.lastSeen]);

    expect(api.getOccurrences).toHaveBeenCalledWith(
      'g1',
      expect.objectContaining({ step: 21600 }),
    );
    expect(screen.getAllByTestId('occurrence-bar')).toHaveLength(4);
    expect(screen.getByText('the last 30 days')).toBeInTheDocument();

    const rows = screen.getAllByTestId('instance-row');
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining('http://10.0.0.2:8080/-/exceptions1,00081%'),
      expect.stringContaining('pod-a-uuid23419%'),
    ]);
  });

  it('shows an HTML message as text and never creates its elements', async () => {
    const message = '<script>window.pwned = true</script><b>bold</b>';
    await renderDrawer({
      api: fakeApi({
        getError: jest.fn(async () => ({ ...details, message })),
      }),
    });
    await loaded();

    expect(screen.getByTestId('error-message').textContent).toBe(message);
    expect(document.querySelector('script')).toBeNull();
    expect(screen.getByTestId('error-message').querySelector('b')).toBeNull();
    expect((window as any).pwned).toBeUndefined();
  });

  it('renders the cause chain under the stack trace', async () => {
    await renderDrawer();
    await loaded();

    const cause = screen.getByTestId('error-cause');
    expect(cause).toHaveTextContent(
      'Caused by: ZeroDivisionError: divided by 0',
    );
    expect(within(cause).getByTestId('stack-trace')).toHaveTextContent(
      "charge.rb:6:in `/'",
    );
  });

  it('lets a keyboard reach and scroll every block that may overflow, each named', async () => {
    await renderDrawer();
    await loaded();

    const names = [
      'Error message',
      'Stack trace of ArgumentError',
      'Stack trace of the cause ZeroDivisionError',
      'Request body',
      'curl command',
    ];
    for (const name of names) {
      const region = screen.getByRole('region', { name });
      expect(region).toHaveAttribute('tabindex', '0');
      region.focus();
      expect(region).toHaveFocus();
    }
    // and no preformatted block is left out
    for (const pre of document.querySelectorAll('pre')) {
      expect(pre).toHaveAttribute('tabindex', '0');
      expect(names).toContain(pre.getAttribute('aria-label'));
    }
  });

  it('marks redacted headers and builds the curl command without them', async () => {
    await renderDrawer();
    await loaded();

    const headers = screen.getByRole('table', { name: 'Request headers' });
    const authorization = within(headers)
      .getByText('Authorization')
      .closest('tr')!;
    expect(
      within(authorization).getByTestId('redacted-header'),
    ).toHaveTextContent('redacted');
    expect(headers).not.toHaveTextContent('[REDACTED]');
    expect(screen.getByTestId('request-body')).toHaveTextContent(
      `{"note":"it's"}`,
    );

    expect(screen.getByTestId('curl-command').textContent).toBe(
      [
        '# redacted by Periskop, add your own value to reproduce: Authorization',
        `curl --globoff -X 'POST' --url 'http://payments.example.com/charge?id=7' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  --data-raw '{"note":"it'\\''s"}'`,
      ].join('\n'),
    );
  });

  it('copies the whole stack trace with its causes', async () => {
    const writeText = jest.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    await renderDrawer();
    await loaded();

    await userEvent.click(
      screen.getByRole('button', { name: 'Copy stack trace' }),
    );

    expect(writeText).toHaveBeenCalledWith(
      [
        'ArgumentError: wrapped',
        "charge.rb:11:in `rescue in <main>'",
        "charge.rb:11:in `<main>'",
        'Caused by: ZeroDivisionError: divided by 0',
        "charge.rb:6:in `/'",
      ].join('\n'),
    );
    expect(
      await screen.findByText('Copied stack trace to the clipboard'),
    ).toBeInTheDocument();
  });

  it('moves between samples, newest first', async () => {
    await renderDrawer();
    await loaded();
    const position = screen.getByTestId('sample-position');
    const previous = screen.getByRole('button', {
      name: 'Previous sample (newer)',
    });
    const next = screen.getByRole('button', { name: 'Next sample (older)' });

    expect(position).toHaveTextContent('Sample 1 of 3');
    expect(previous).toBeDisabled();
    expect(screen.getByTestId('sample')).toHaveTextContent('pod-a-uuid');

    await userEvent.click(next);
    expect(position).toHaveTextContent('Sample 2 of 3');
    expect(screen.getByTestId('sample')).toHaveTextContent('sample-2');
    expect(
      screen.getByText('The client recorded no HTTP request with this sample.'),
    ).toBeInTheDocument();

    await userEvent.click(next);
    expect(position).toHaveTextContent('Sample 3 of 3');
    expect(next).toBeDisabled();

    await userEvent.click(previous);
    expect(position).toHaveTextContent('Sample 2 of 3');
  });

  it('collapses long stack traces and expands them on request', async () => {
    await renderDrawer();
    await loaded();
    await userEvent.click(
      screen.getByRole('button', { name: 'Next sample (older)' }),
    );

    const trace = screen.getByTestId('stack-trace');
    expect(trace.textContent!.split('\n')).toHaveLength(15);
    expect(trace).not.toHaveTextContent('frame-40');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 40 lines' }),
    );
    expect(trace.textContent!.split('\n')).toHaveLength(40);
    expect(trace).toHaveTextContent('frame-40');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the first 15 lines only' }),
    );
    expect(trace.textContent!.split('\n')).toHaveLength(15);
  });

  it('resolves when allowed, reports the change and updates in place', async () => {
    const resolved: ErrorGroup = {
      ...group,
      status: 'resolved',
      resolvedAt: new Date().toISOString(),
      resolvedBy: 'user:default/jane',
    };
    const api = fakeApi({ resolveError: jest.fn(async () => resolved) });
    const { onChanged } = await renderDrawer({ api });
    await loaded();

    const button = screen.getByTestId('resolve-button');
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveTextContent('Resolve');
    await userEvent.click(button);

    expect(api.resolveError).toHaveBeenCalledWith('g1');
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(resolved));
    const banner = await screen.findByTestId('resolved-alert');
    expect(banner).toHaveTextContent('Resolved by jane');
    expect(within(banner).getByRole('link', { name: /jane/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jane',
    );
    expect(screen.getByTestId('resolve-button')).toHaveTextContent('Unresolve');
    // the samples are still there
    expect(screen.getByTestId('sample-position')).toHaveTextContent(
      'Sample 1 of 3',
    );
  });

  it('unresolves a resolved group', async () => {
    const resolved = {
      ...details,
      status: 'resolved' as const,
      resolvedAt: '2026-01-31T11:00:00.000Z',
      resolvedBy: 'user:default/jane',
    };
    const reopened: ErrorGroup = { ...group };
    const api = fakeApi({
      getError: jest.fn(async () => resolved),
      unresolveError: jest.fn(async () => reopened),
    });
    const { onChanged } = await renderDrawer({ api });
    await loaded();

    const button = screen.getByTestId('resolve-button');
    expect(button).toHaveTextContent('Unresolve');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(api.unresolveError).toHaveBeenCalledWith('g1');
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(reopened));
    expect(screen.queryByTestId('resolved-alert')).not.toBeInTheDocument();
    expect(screen.getByTestId('resolve-button')).toHaveTextContent('Resolve');
  });

  it('disables resolving without the permission and says who may', async () => {
    const api = fakeApi();
    await renderDrawer({
      api,
      authorize: AuthorizeResult.DENY,
      entityRef: 'component:default/ledger',
    });
    await loaded();

    const button = screen.getByTestId('resolve-button');
    expect(button).toBeDisabled();
    fireEvent.mouseOver(button.parentElement!);
    expect(
      await screen.findByText(
        'Only the owners of component:ledger may resolve its errors',
      ),
    ).toBeInTheDocument();
    expect(api.resolveError).not.toHaveBeenCalled();
  });

  it('shows why resolving failed', async () => {
    const api = fakeApi({
      resolveError: jest.fn(async () => {
        throw new Error('Forbidden by policy');
      }),
    });
    const { onChanged } = await renderDrawer({ api });
    await loaded();
    const button = screen.getByTestId('resolve-button');
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(await screen.findByTestId('resolve-error')).toHaveTextContent(
      'Could not resolve this error: Forbidden by policy',
    );
    expect(onChanged).not.toHaveBeenCalled();
    expect(button).toBeEnabled();
  });

  it('warns about a regression', async () => {
    await renderDrawer({
      api: fakeApi({
        getError: jest.fn(async () => ({
          ...details,
          regressed: true,
          regressedAt: '2026-01-31T11:30:00.000Z',
          resolvedAt: '2026-01-31T10:00:00.000Z',
          resolvedBy: 'user:default/jane',
        })),
      }),
    });
    const alert = await screen.findByTestId('regressed-alert');
    expect(alert).toHaveTextContent('Regressed');
    expect(alert).toHaveTextContent(
      /It occurred again .+ after it had been resolved by jane/,
    );
    expect(screen.getByText('Open (regressed)')).toBeInTheDocument();
  });

  it('keeps the sample on screen across live refreshes', async () => {
    const api = fakeApi();
    const { refresh } = await renderDrawer({ api });
    await loaded();
    await userEvent.click(
      screen.getByRole('button', { name: 'Next sample (older)' }),
    );
    const position = screen.getByTestId('sample-position');
    expect(position).toHaveTextContent('Sample 2 of 3');

    // same samples: same place
    await refresh();
    expect(api.getError).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(position).toHaveTextContent('Sample 2 of 3'));
    expect(screen.getByTestId('sample')).toHaveTextContent('sample-2');

    // a newer sample arrived: the same sample stays, one further down
    const newest = {
      ...oldest,
      uuid: 'sample-0',
      timestamp: '2026-01-31T12:00:00.000Z',
    };
    api.getError.mockResolvedValue({
      ...details,
      samples: [newest, withCause, longTrace, oldest],
    });
    await refresh();
    await waitFor(() => expect(position).toHaveTextContent('Sample 3 of 4'));
    expect(screen.getByTestId('sample')).toHaveTextContent('sample-2');
    expect(screen.getByRole('button', { name: /2 newer/ })).toBeInTheDocument();

    // the shown sample expired and the list shrank: clamped into range
    api.getError.mockResolvedValue({ ...details, samples: [newest] });
    await refresh();
    await waitFor(() => expect(position).toHaveTextContent('Sample 1 of 1'));
    expect(screen.getByTestId('sample')).toHaveTextContent('sample-0');
  });

  it('keeps the data on screen when a refresh fails', async () => {
    const api = fakeApi();
    const { refresh } = await renderDrawer({ api });
    await loaded();
    api.getError.mockRejectedValue(new Error('backend restarting'));
    await refresh();

    expect(
      await screen.findByText(/Could not refresh: backend restarting/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('error-summary')).toBeInTheDocument();
  });

  it('says so when the client sent no samples', async () => {
    await renderDrawer({
      api: fakeApi({
        getError: jest.fn(async () => ({ ...details, samples: [] })),
      }),
    });
    await loaded();
    expect(
      screen.getByText(/The client sent no samples for this error/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('sample-position')).not.toBeInTheDocument();
  });

  it('explains that a deleted error no longer exists', async () => {
    const notFound = await ResponseError.fromResponse({
      status: 404,
      statusText: 'Not Found',
      url: 'http://localhost/api/periskop/errors/g1',
      headers: { get: () => 'application/json' },
      text: async () =>
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No error g1' },
          response: { statusCode: 404 },
        }),
    } as unknown as Response);
    await renderDrawer({
      api: fakeApi({ getError: jest.fn(async () => Promise.reject(notFound)) }),
    });

    expect(
      await screen.findByText(/This error no longer exists/),
    ).toBeInTheDocument();
  });

  it('shows other load failures in an error panel', async () => {
    await renderDrawer({
      api: fakeApi({
        getError: jest.fn(async () => Promise.reject(new Error('boom'))),
      }),
    });
    expect(
      await screen.findByText(/Could not load this error: boom/),
    ).toBeInTheDocument();
  });

  it('closes with the close button and with Escape', async () => {
    const { onClose } = await renderDrawer();
    await loaded();

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

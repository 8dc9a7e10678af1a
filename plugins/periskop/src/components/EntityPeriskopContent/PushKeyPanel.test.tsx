import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import {
  PushKeyCreated,
  PushKeyStatus,
} from '@periskop-backstage/plugin-periskop-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PeriskopApi, periskopApiRef } from '../../api';
import { PushKeyPanel } from './PushKeyPanel';

const ENTITY = { kind: 'Component', namespace: 'default', name: 'nightly' };
const ENTITY_REF = 'component:default/nightly';
const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const NO_KEY: PushKeyStatus = {
  exists: false,
  createdAt: null,
  createdBy: null,
  hint: null,
  lastUsedAt: null,
};

function existingKey(overrides: Partial<PushKeyStatus> = {}): PushKeyStatus {
  return {
    exists: true,
    createdAt: ago(3 * 24 * HOUR),
    createdBy: 'user:default/alice',
    hint: 'abcd',
    lastUsedAt: ago(2 * HOUR),
    ...overrides,
  };
}

function created(key: string): PushKeyCreated {
  return {
    exists: true,
    createdAt: new Date().toISOString(),
    createdBy: 'user:development/guest',
    hint: key.slice(-4),
    lastUsedAt: null,
    key,
    pushUrl: `http://localhost:7007/api/periskop/push/${key}`,
  };
}

function fakeApi(status: PushKeyStatus): jest.Mocked<PeriskopApi> {
  return {
    getHealth: jest.fn(),
    listErrors: jest.fn(),
    searchErrors: jest.fn(),
    getErrorSummary: jest.fn(),
    getError: jest.fn(),
    getOccurrences: jest.fn(),
    resolveError: jest.fn(),
    unresolveError: jest.fn(),
    listTargets: jest.fn(),
    getOverview: jest.fn(),
    getPushKey: jest.fn().mockResolvedValue(status),
    createPushKey: jest.fn(),
    deletePushKey: jest.fn().mockResolvedValue(undefined),
  };
}

async function renderPanel(
  api: PeriskopApi,
  options: { allowed?: boolean; pushOnly?: boolean; entityRef?: string } = {},
) {
  const authorize = jest.fn((_: EvaluatePermissionRequest) =>
    options.allowed === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <PushKeyPanel
        entity={ENTITY}
        entityRef={options.entityRef ?? ENTITY_REF}
        pushOnly={options.pushOnly ?? true}
        refreshTick={0}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { authorize };
}

const panel = () => screen.getByTestId('push-key');

async function expand() {
  await userEvent.click(within(panel()).getByText('Push key'));
}

describe('PushKeyPanel', () => {
  it('opens by itself on an entity that only pushes and has no key, and creates one', async () => {
    const api = fakeApi(NO_KEY);
    api.createPushKey.mockResolvedValue(created('pk_first_wxyz'));
    const { authorize } = await renderPanel(api);

    // no key, nothing else to see: the explanation and Create are in view
    const create = await screen.findByRole('button', {
      name: 'Create push key',
    });
    expect(within(panel()).getByText('none')).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'periskop.pushKey.manage',
        }),
        resourceRef: ENTITY_REF,
      }),
    );

    await userEvent.click(create);

    const dialog = await screen.findByRole('dialog', {
      name: 'Push URL of component:nightly',
    });
    expect(api.createPushKey).toHaveBeenCalledWith(ENTITY);
    const url = 'http://localhost:7007/api/periskop/push/pk_first_wxyz';
    expect(
      within(dialog).getByRole('textbox', { name: 'Push URL' }),
    ).toHaveValue(url);
    expect(dialog).toHaveTextContent('it will not be shown again');
    // the code snippets' highlighter loads lazily
    await waitFor(() =>
      expect(dialog).toHaveTextContent(`exporter.PushToGateway("${url}")`),
    );
    expect(dialog).toHaveTextContent(`exporter.push_to_gateway("${url}")`);
    expect(dialog).toHaveTextContent(
      `await pushToGateway(exporter, '${url}');`,
    );
    expect(
      within(dialog).getByRole('button', { name: 'Copy push URL' }),
    ).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // shown once: the panel keeps only the status, never the URL
    expect(screen.queryByText(new RegExp('pk_first'))).toBeNull();
    expect(document.body.textContent).not.toContain('pk_first_wxyz');
    expect(within(panel()).getAllByText(/…wxyz/).length).toBeGreaterThan(0);
    expect(
      within(panel()).getByRole('button', { name: 'Rotate key' }),
    ).toBeInTheDocument();
  });

  it('shows the status of an existing key, collapsed until opened', async () => {
    const api = fakeApi(existingKey());
    await renderPanel(api, { pushOnly: false });

    expect(
      await within(panel()).findByText(
        '…abcd · created 3 days ago · last used 2 hours ago',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Rotate key' })).toBeNull();

    await expand();
    expect(within(panel()).getByText('alice')).toBeInTheDocument();
    expect(within(panel()).getByText('2 hours ago')).toBeInTheDocument();
  });

  it('rotates only after a confirmation that the old key stops working', async () => {
    const api = fakeApi(existingKey());
    api.createPushKey.mockResolvedValue(created('pk_second_5678'));
    await renderPanel(api);
    await within(panel()).findByText(/…abcd/);
    await expand();

    await userEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    let confirm = await screen.findByRole('dialog', {
      name: 'Rotate the push key?',
    });
    expect(confirm).toHaveTextContent('The current key ends in …abcd.');
    expect(confirm).toHaveTextContent('stops working at once');
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.createPushKey).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    confirm = await screen.findByRole('dialog', {
      name: 'Rotate the push key?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Rotate key' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Push URL of component:nightly',
    });
    expect(api.createPushKey).toHaveBeenCalledTimes(1);
    expect(
      within(dialog).getByRole('textbox', { name: 'Push URL' }),
    ).toHaveValue('http://localhost:7007/api/periskop/push/pk_second_5678');
    expect(within(panel()).getAllByText(/…5678/).length).toBeGreaterThan(0);
  });

  it('revokes after a confirmation', async () => {
    const api = fakeApi(existingKey());
    await renderPanel(api);
    await within(panel()).findByText(/…abcd/);
    await expand();

    await userEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Revoke the push key?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Revoke key' }),
    );

    await waitFor(() => expect(api.deletePushKey).toHaveBeenCalledWith(ENTITY));
    expect(
      await within(panel()).findByRole('button', { name: 'Create push key' }),
    ).toBeInTheDocument();
    expect(within(panel()).getByText('none')).toBeInTheDocument();
    expect(screen.queryByTestId('push-url-dialog')).toBeNull();
  });

  it('says why a change failed', async () => {
    const api = fakeApi(NO_KEY);
    api.createPushKey.mockRejectedValue(new Error('Forbidden: not an owner'));
    await renderPanel(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create push key' }),
    );

    expect(
      await within(panel()).findByText('Forbidden: not an owner'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the status but no actions without the permission', async () => {
    const api = fakeApi(existingKey());
    // permission answers are cached per entity for the whole test file
    await renderPanel(api, {
      allowed: false,
      entityRef: 'component:default/nightly-2',
    });
    await within(panel()).findByText(/…abcd/);
    await expand();

    expect(
      await within(panel()).findByText(
        'Only an owner of component:nightly-2 can rotate or revoke its push key.',
      ),
    ).toBeInTheDocument();
    for (const name of ['Rotate key', 'Revoke key', 'Create push key']) {
      expect(within(panel()).queryByRole('button', { name })).toBeNull();
    }
  });

  it('tells those without the permission that an owner can create a key', async () => {
    const api = fakeApi(NO_KEY);
    await renderPanel(api, {
      allowed: false,
      entityRef: 'component:default/nightly-3',
    });

    expect(
      await within(panel()).findByText(
        'This entity has no push key. An owner of component:nightly-3 can create one here.',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel()).queryByRole('button', { name: 'Create push key' }),
    ).toBeNull();
    expect(api.createPushKey).not.toHaveBeenCalled();
  });
});

import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { LiveRefreshStatus } from './LiveRefreshStatus';

const AT = new Date(2026, 11, 13, 14, 2, 31).getTime();
const TIME = new Date(AT).toLocaleTimeString();

describe('LiveRefreshStatus', () => {
  it('says the list is live where signals refresh it', async () => {
    await renderInTestApp(
      <LiveRefreshStatus
        updatedAt={AT}
        refreshError={undefined}
        onRefresh={() => {}}
        refresh={{ mode: 'signal', intervalSeconds: 300 }}
      />,
    );
    expect(screen.getByText(`Live, updated ${TIME}`)).toHaveAttribute(
      'title',
      'Refreshed as soon as the backend reports a change of these errors',
    );
  });

  it('says how often it polls where there are no signals', async () => {
    await renderInTestApp(
      <LiveRefreshStatus
        updatedAt={AT}
        refreshError={undefined}
        onRefresh={() => {}}
        refresh={{ mode: 'polling', intervalSeconds: 15 }}
      />,
    );
    expect(
      screen.getByText(`Updated ${TIME}, refreshes every 15 s`),
    ).toBeInTheDocument();
  });

  it('says a refresh failed rather than how fresh the data would be', async () => {
    await renderInTestApp(
      <LiveRefreshStatus
        updatedAt={AT}
        refreshError={new Error('backend restarting')}
        onRefresh={() => {}}
        refresh={{ mode: 'signal', intervalSeconds: 300 }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      `Refresh failed, showing data from ${TIME}`,
    );
    expect(screen.queryByText(/^Live/)).not.toBeInTheDocument();
  });
});

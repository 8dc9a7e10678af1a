import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { PeriskopErrorsSignal } from '@periskop-backstage/plugin-periskop-common';
import { PeriskopApi, periskopApiRef } from '../../api';
import { SIGNALLED_REFRESH_SECONDS, useLiveRefresh } from './useLiveRefresh';

const API_AUTH = 'component:default/api-auth';

/** A signal API whose messages the test sends, as the signals plugin would deliver them. */
function fakeSignals() {
  const subscribers = new Map<
    string,
    Set<(message: PeriskopErrorsSignal) => void>
  >();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as unknown as (message: PeriskopErrorsSignal) => void);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const send = (channel: string, message: PeriskopErrorsSignal) =>
    act(() => subscribers.get(channel)?.forEach(on => on(message)));
  return { api, send, subscribers };
}

/** A backend that scrapes every 15 s and, by default, publishes signals. */
function periskop(liveUpdates = true): PeriskopApi {
  return {
    getHealth: async () => ({
      status: 'ok',
      scrapeIntervalSeconds: 15,
      liveUpdates,
    }),
  } as unknown as PeriskopApi;
}

function render(
  options: { entityRef?: string },
  signals?: SignalApi,
  backend: PeriskopApi = periskop(),
) {
  const apis: any[] = [[periskopApiRef, backend]];
  if (signals) apis.push([signalApiRef, signals]);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis}>{children}</TestApiProvider>
  );
  return renderHook(() => useLiveRefresh(options), { wrapper });
}

describe('useLiveRefresh', () => {
  afterEach(() => jest.useRealTimers());

  it('polls at the scrape interval where the app has no signals', async () => {
    jest.useFakeTimers();
    const { result } = render({ entityRef: API_AUTH });
    await waitFor(() => expect(result.current.intervalSeconds).toBe(15));
    expect(result.current.mode).toBe('polling');
    const start = result.current.tick;
    await act(() => jest.advanceTimersByTimeAsync(15_000));
    expect(result.current.tick).toBe(start + 1);
  });

  it('refreshes when a signal names the entity, and not for other entities', async () => {
    const signals = fakeSignals();
    const { result } = render({ entityRef: API_AUTH }, signals.api);
    await waitFor(() => expect(result.current.mode).toBe('signal'));
    expect(result.current.intervalSeconds).toBe(SIGNALLED_REFRESH_SECONDS);
    expect([...signals.subscribers.keys()]).toEqual(['periskop:errors']);
    const start = result.current.tick;

    signals.send('periskop:errors', {
      entityRefs: ['component:default/api-feeds'],
    });
    expect(result.current.tick).toBe(start);

    signals.send('periskop:errors', {
      entityRefs: ['component:default/api-feeds', 'Component:default/api-auth'],
    });
    expect(result.current.tick).toBe(start + 1);
    signals.send('periskop:errors', { entityRefs: [API_AUTH] });
    expect(result.current.tick).toBe(start + 2);
  });

  it('refreshes on any signal when it shows every entity', async () => {
    const signals = fakeSignals();
    const { result } = render({}, signals.api);
    await waitFor(() => expect(result.current.mode).toBe('signal'));
    const start = result.current.tick;
    signals.send('periskop:errors', { entityRefs: ['component:x/y'] });
    expect(result.current.tick).toBe(start + 1);
  });

  it('still polls with signals, slowly, in case one was missed', async () => {
    jest.useFakeTimers();
    const signals = fakeSignals();
    const { result } = render({ entityRef: API_AUTH }, signals.api);
    await waitFor(() => expect(result.current.mode).toBe('signal'));
    const start = result.current.tick;
    await act(() => jest.advanceTimersByTimeAsync(15_000));
    expect(result.current.tick).toBe(start);
    await act(() =>
      jest.advanceTimersByTimeAsync(SIGNALLED_REFRESH_SECONDS * 1000),
    );
    expect(result.current.tick).toBe(start + 1);
  });

  it('polls at the scrape interval where the app has signals but the backend does not publish them', async () => {
    jest.useFakeTimers();
    const signals = fakeSignals();
    const { result } = render(
      { entityRef: API_AUTH },
      signals.api,
      periskop(false),
    );
    await waitFor(() => expect(result.current.intervalSeconds).toBe(15));
    expect(result.current.mode).toBe('polling');
    const start = result.current.tick;
    await act(() => jest.advanceTimersByTimeAsync(15_000));
    expect(result.current.tick).toBe(start + 1);
  });

  it('polls until the backend has said that it publishes signals', async () => {
    let answer: (health: unknown) => void = () => {};
    const backend = {
      getHealth: () => new Promise(resolve => (answer = resolve)),
    } as unknown as PeriskopApi;
    const { result } = render(
      { entityRef: API_AUTH },
      fakeSignals().api,
      backend,
    );
    expect(result.current.mode).toBe('polling');
    await act(async () =>
      answer({ status: 'ok', scrapeIntervalSeconds: 15, liveUpdates: true }),
    );
    expect(result.current.mode).toBe('signal');
    expect(result.current.intervalSeconds).toBe(SIGNALLED_REFRESH_SECONDS);
  });
});

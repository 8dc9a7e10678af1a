import { act, renderHook, waitFor } from '@testing-library/react';
import { LiveDataOptions, useLiveData } from './useLiveData';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function renderLiveData<T>(
  load: jest.Mock<Promise<T>, []>,
  options: LiveDataOptions,
) {
  return renderHook(
    (props: LiveDataOptions) => useLiveData(() => load(), props),
    { initialProps: options },
  );
}

describe('useLiveData', () => {
  it('loads, then refreshes in place on every tick', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockResolvedValueOnce('second');
    const { result, rerender } = renderLiveData(load, { key: 'a', tick: 0 });
    expect(result.current).toMatchObject({
      value: undefined,
      loading: true,
      failed: false,
    });

    await waitFor(() => expect(result.current.value).toBe('first'));
    expect(result.current.loading).toBe(false);
    expect(result.current.updatedAt).toEqual(expect.any(Number));

    rerender({ key: 'a', tick: 1 });
    // a refresh is silent: the value stays, nothing is loading
    expect(result.current).toMatchObject({ value: 'first', loading: false });
    await waitFor(() => expect(result.current.value).toBe('second'));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good value while a refresh fails, and reports the error', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('good')
      .mockRejectedValueOnce(new Error('backend restarting'))
      .mockResolvedValueOnce('better');
    const { result, rerender } = renderLiveData(load, { key: 'a', tick: 0 });
    await waitFor(() => expect(result.current.value).toBe('good'));

    rerender({ key: 'a', tick: 1 });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend restarting'),
    );
    expect(result.current).toMatchObject({ value: 'good', failed: false });

    rerender({ key: 'a', tick: 2 });
    await waitFor(() => expect(result.current.value).toBe('better'));
    expect(result.current.error).toBeUndefined();
  });

  it('fails when the first request for a key fails', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockRejectedValue(new Error('forbidden'));
    const { result } = renderLiveData(load, { key: 'a', tick: 0 });
    await waitFor(() => expect(result.current.failed).toBe(true));
    expect(result.current).toMatchObject({ value: undefined, loading: false });
  });

  it('keeps the old value as stale while a new key loads, and fails when it cannot', async () => {
    const second = deferred<string>();
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('for a')
      .mockReturnValueOnce(second.promise);
    const { result, rerender } = renderLiveData(load, { key: 'a', tick: 0 });
    await waitFor(() => expect(result.current.value).toBe('for a'));

    rerender({ key: 'b', tick: 0 });
    expect(result.current).toMatchObject({
      value: 'for a',
      stale: true,
      loading: true,
      failed: false,
    });

    await act(async () => second.reject(new Error('bad filter')));
    expect(result.current).toMatchObject({
      stale: true,
      loading: false,
      failed: true,
    });
  });

  it('drops the answer of a superseded key, however late it arrives', async () => {
    const slow = deferred<string>();
    const load = jest
      .fn<Promise<string>, []>()
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce('for b');
    const { result, rerender } = renderLiveData(load, { key: 'a', tick: 0 });
    rerender({ key: 'b', tick: 0 });
    await waitFor(() => expect(result.current.value).toBe('for b'));

    await act(async () => slow.resolve('for a'));
    expect(result.current).toMatchObject({ value: 'for b', stale: false });
  });

  it('fetches nothing while disabled', async () => {
    const load = jest.fn<Promise<string>, []>().mockResolvedValue('value');
    const { result, rerender } = renderLiveData(load, {
      key: 'a',
      tick: 0,
      enabled: false,
    });
    rerender({ key: 'a', tick: 1, enabled: false });
    expect(load).not.toHaveBeenCalled();
    expect(result.current.loading).toBe(true);

    rerender({ key: 'a', tick: 1, enabled: true });
    await waitFor(() => expect(result.current.value).toBe('value'));
  });

  it('patches the value locally and drops a refresh that may predate the patch', async () => {
    const refresh = deferred<string>();
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('open')
      .mockReturnValueOnce(refresh.promise)
      .mockResolvedValueOnce('resolved on the server');
    const { result, rerender } = renderLiveData(load, { key: 'a', tick: 0 });
    await waitFor(() => expect(result.current.value).toBe('open'));

    rerender({ key: 'a', tick: 1 });
    act(() => result.current.update(() => 'resolved'));
    expect(result.current.value).toBe('resolved');
    await act(async () => refresh.resolve('open'));
    expect(result.current.value).toBe('resolved');

    // a refresh asked for after the patch is the server's word
    act(() => result.current.reload());
    await waitFor(() =>
      expect(result.current.value).toBe('resolved on the server'),
    );
  });
});

import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  ErrorListView,
  parseErrorListView,
  writeErrorListView,
} from './errorListView';

/** How a change of the view is written to the browser history. */
export interface ViewChangeOptions {
  /**
   * Replace the current history entry instead of adding one. Used for
   * typing and corrections, so Back does not step through every keystroke.
   */
  replace?: boolean;
}

/** The Errors tab view, read from and written to the URL. */
export interface ErrorListViewState {
  view: ErrorListView;
  /** Changes filters; any change of what is listed goes back to page 1. */
  setFilters(
    changes: Partial<Omit<ErrorListView, 'page' | 'errorId'>>,
    options?: ViewChangeOptions,
  ): void;
  setPage(page: number, options?: ViewChangeOptions): void;
  /** Opens (id) or closes (undefined) the details of a group. */
  setErrorId(id: string | undefined, options?: ViewChangeOptions): void;
  /** The search string of a link to this view with other changes applied. */
  linkTo(changes: Partial<ErrorListView>): string;
}

/**
 * Binds the {@link ErrorListView} to the URL search params, the single
 * source of truth for filters, page and the open error.
 */
export function useErrorListView(): ErrorListViewState {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseErrorListView(searchParams), [searchParams]);

  // Setters are called from debounce timers and async handlers; they must
  // apply changes to the newest params, not the ones of the render that
  // created them, or a late search would undo a severity click.
  const latest = useRef({ searchParams, setSearchParams });
  latest.current.setSearchParams = setSearchParams;
  if (latest.current.searchParams.toString() !== searchParams.toString()) {
    latest.current.searchParams = searchParams;
  }

  const apply = useCallback(
    (changes: Partial<ErrorListView>, options?: ViewChangeOptions) => {
      const current = latest.current.searchParams;
      const next = writeErrorListView(current, changes);
      if (next.toString() === current.toString()) return;
      // remember it at once, so two changes before the next render compose
      latest.current.searchParams = next;
      latest.current.setSearchParams(next, { replace: options?.replace });
    },
    [],
  );

  const setFilters = useCallback<ErrorListViewState['setFilters']>(
    (changes, options) => apply({ ...changes, page: 1 }, options),
    [apply],
  );
  const setPage = useCallback<ErrorListViewState['setPage']>(
    (page, options) => apply({ page }, options),
    [apply],
  );
  const setErrorId = useCallback<ErrorListViewState['setErrorId']>(
    (errorId, options) => apply({ errorId }, options),
    [apply],
  );
  const linkTo = useCallback(
    (changes: Partial<ErrorListView>) =>
      `?${writeErrorListView(searchParams, changes).toString()}`,
    [searchParams],
  );

  return { view, setFilters, setPage, setErrorId, linkTo };
}

import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  ErrorSummary,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import { periskopApiRef } from '../../api';
import { useLiveData, useLiveRefresh } from '../shared';
import { NoOpenErrors } from './NoOpenErrors';
import { ScrapeHint } from './ScrapeHint';
import { SummaryStats } from './SummaryStats';
import { TopErrorsList } from './TopErrorsList';

interface SummaryData {
  summary: ErrorSummary;
  /** Read only when no target is up; missing when unreadable. */
  targets?: TargetHealth[];
}

/** Props of {@link EntityErrorSummary}. */
export interface EntityErrorSummaryProps {
  entityRef: CompoundEntityRef;
  /** How many of the most frequent open errors to list. */
  top: number;
  /** The entity has no targets annotation: its errors are only pushed. */
  pushOnly?: boolean;
}

/**
 * The errors card's content for an annotated entity: one summary request
 * whenever the entity's errors change (or per scrape interval without
 * signals, see `useLiveRefresh`), whose counts the backend computes over
 * every group.
 */
export const EntityErrorSummary = (props: EntityErrorSummaryProps) => {
  const { entityRef, top, pushOnly = false } = props;
  const api = useApi(periskopApiRef);
  const { tick } = useLiveRefresh({
    entityRef: stringifyEntityRef(entityRef),
  });
  const data = useLiveData<SummaryData>(
    async () => {
      const summary = await api.getErrorSummary(entityRef, { top });
      // the counts say whether a target is up; only when none is does the
      // hint need the targets themselves, to say why (or, for an entity
      // that only pushes, whether anything was pushed at all)
      const targets =
        summary.targetsUp === 0 && (summary.targetsTotal > 0 || pushOnly)
          ? await api.listTargets(entityRef).then(
              response => response.items,
              () => undefined,
            )
          : undefined;
      return { summary, targets };
    },
    { key: `${stringifyEntityRef(entityRef)} ${top} ${pushOnly}`, tick },
  );

  if (data.failed) {
    return <ResponseErrorPanel error={data.error!} />;
  }
  if (!data.value || data.stale) {
    return <Progress />;
  }
  const { summary, targets } = data.value;
  return (
    <>
      {data.error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh the errors: {data.error.message}
          </Alert>
        </Box>
      )}
      <ScrapeHint
        targetsUp={summary.targetsUp}
        targetsTotal={summary.targetsTotal}
        targets={targets}
        pushOnly={pushOnly}
      />
      {summary.openErrors === 0 ? (
        <NoOpenErrors />
      ) : (
        <>
          <SummaryStats summary={summary} />
          <TopErrorsList groups={summary.top} entityRef={entityRef} />
        </>
      )}
    </>
  );
};

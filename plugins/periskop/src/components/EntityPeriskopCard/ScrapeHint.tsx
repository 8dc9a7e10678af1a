import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  PERISKOP_TARGETS_ANNOTATION,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import { isPushedInstance } from '../shared';

/** Props of {@link ScrapeHint}. */
export interface ScrapeHintProps {
  targetsUp: number;
  targetsTotal: number;
  /**
   * The targets, read only when none is up, to tell "not scraped yet"
   * from "down" and quote the last error; missing when unreadable.
   */
  targets?: TargetHealth[];
  /** The entity has no targets annotation: its errors are only pushed. */
  pushOnly?: boolean;
}

/**
 * Says so when Periskop has no working target for the entity, or, for an
 * entity that only pushes, when nothing was pushed yet.
 */
export const ScrapeHint = (props: ScrapeHintProps) => {
  const { targetsUp, targetsTotal, pushOnly } = props;
  if (pushOnly) {
    // pushed instances are never down (a job that ended stops pushing);
    // the one thing worth saying is that nothing has arrived yet
    if (
      targetsUp > 0 ||
      !props.targets ||
      props.targets.some(isPushedInstance)
    ) {
      return null;
    }
    return (
      <Box mb={2}>
        <Alert severity="info">
          Nothing pushed yet: this entity is not scraped; its jobs push their
          errors with the push key from its Errors tab.
        </Alert>
      </Box>
    );
  }
  // only scrape targets can be down or waiting for a scrape
  const targets = props.targets?.filter(target => !isPushedInstance(target));
  if (targetsTotal === 0) {
    return (
      <Box mb={2}>
        <Alert severity="info">
          Not scraped yet: Periskop has not discovered a target from the{' '}
          <code>{PERISKOP_TARGETS_ANNOTATION}</code> annotation so far.
        </Alert>
      </Box>
    );
  }
  if (targetsUp > 0 || !targets || targets.length === 0) {
    return null;
  }
  if (targets.every(target => target.lastScrapeAt === null)) {
    return (
      <Box mb={2}>
        <Alert severity="info">
          Not scraped yet: Periskop scrapes the {targets.length}{' '}
          {targets.length === 1 ? 'target' : 'targets'} of this entity shortly.
        </Alert>
      </Box>
    );
  }
  const lastError = targets.find(target => target.lastError)?.lastError;
  return (
    <Box mb={2}>
      <Alert severity="warning" data-testid="periskop-not-scraped">
        {targets.length === 1
          ? 'Not scraped: its only target is down'
          : `Not scraped: all ${targets.length} targets are down`}
        , so these numbers may be out of date.
        {lastError && (
          <Typography variant="body2" component="div">
            Last error: {lastError}
          </Typography>
        )}
      </Alert>
    </Box>
  );
};

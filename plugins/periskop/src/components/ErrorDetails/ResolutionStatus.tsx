import { Alert, AlertTitle } from '@material-ui/lab';
import { ErrorGroup } from '@periskop-backstage/plugin-periskop-common';
import { RelativeTime } from '../shared';
import { UserLink } from './UserLink';

const Resolver = ({ group }: { group: ErrorGroup }) => (
  <>
    {group.resolvedBy && (
      <>
        {' '}
        by <UserLink entityRef={group.resolvedBy} />
      </>
    )}
    {group.resolvedAt && (
      <>
        {' '}
        <RelativeTime time={group.resolvedAt} />
      </>
    )}
  </>
);

/**
 * The resolve history in one sentence: for a resolved group who resolved
 * it and when; for a group that reopened because it occurred again after a
 * resolve, a "Regressed" warning with when, and who had resolved it.
 * Nothing for a plain open group.
 */
export const ResolutionStatus = ({ group }: { group: ErrorGroup }) => {
  if (group.status === 'resolved') {
    return (
      <Alert severity="success" data-testid="resolved-alert">
        Resolved
        <Resolver group={group} />. It reopens as a regression if it occurs
        again.
      </Alert>
    );
  }
  if (group.regressed) {
    return (
      <Alert severity="warning" data-testid="regressed-alert">
        <AlertTitle>Regressed</AlertTitle>
        It occurred again
        {group.regressedAt && (
          <>
            {' '}
            <RelativeTime time={group.regressedAt} />
          </>
        )}{' '}
        after it had been resolved
        <Resolver group={group} />.
      </Alert>
    );
  }
  return null;
};

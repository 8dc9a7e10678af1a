import {
  Button,
  IconButton,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import ChevronLeftIcon from '@material-ui/icons/ChevronLeft';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import { Sample } from '@periskop-backstage/plugin-periskop-common';
import { DetailsSection } from './DetailsSection';
import { SampleView } from './SampleView';
import { useSampleSelection } from './useSampleSelection';

const useStyles = makeStyles(theme => ({
  nav: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  position: {
    minWidth: '9em',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
  },
  newest: {
    textTransform: 'none',
  },
}));

/** Props of {@link SamplesSection}. */
export interface SamplesSectionProps {
  /** The group's id; another group starts at its newest sample. */
  groupId: string;
  /** Newest first. */
  samples: Sample[];
}

/**
 * The samples of a group, one at a time, with previous (newer) / next
 * (older) navigation and "Sample i of N". The shown sample stays put during
 * live refreshes (see {@link useSampleSelection}).
 */
export const SamplesSection = ({ groupId, samples }: SamplesSectionProps) => {
  const classes = useStyles();
  const { index, sample, count, select } = useSampleSelection(groupId, samples);

  const nav =
    count > 0 ? (
      <nav className={classes.nav} aria-label="Samples">
        {index > 0 && (
          <Button
            size="small"
            color="primary"
            className={classes.newest}
            onClick={() => select(0)}
          >
            {index === 1 ? '1 newer' : `${index} newer`} · go to newest
          </Button>
        )}
        <Tooltip title="Previous sample (newer)">
          <span>
            <IconButton
              size="small"
              aria-label="Previous sample (newer)"
              disabled={index === 0}
              onClick={() => select(index - 1)}
            >
              <ChevronLeftIcon />
            </IconButton>
          </span>
        </Tooltip>
        <Typography
          variant="body2"
          className={classes.position}
          aria-live="polite"
          data-testid="sample-position"
        >
          Sample {index + 1} of {count}
        </Typography>
        <Tooltip title="Next sample (older)">
          <span>
            <IconButton
              size="small"
              aria-label="Next sample (older)"
              disabled={index >= count - 1}
              onClick={() => select(index + 1)}
            >
              <ChevronRightIcon />
            </IconButton>
          </span>
        </Tooltip>
      </nav>
    ) : undefined;

  return (
    <DetailsSection title="Samples" actions={nav}>
      {sample ? (
        <SampleView key={sample.uuid} sample={sample} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          The client sent no samples for this error. Samples expire after the
          retention period; new ones appear with the next occurrence.
        </Typography>
      )}
    </DetailsSection>
  );
};

import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  PERISKOP_TARGETS_ANNOTATION,
  TargetSpec,
  parseTargetsAnnotation,
} from '@periskop-backstage/plugin-periskop-common';
import { invalidAnnotationEntries } from './invalidAnnotationEntries';

const useStyles = makeStyles(theme => ({
  mono: {
    fontFamily:
      'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: '0.8125rem',
    overflowWrap: 'anywhere',
  },
  icon: { minWidth: theme.spacing(4) },
}));

/** How an annotation entry reads once normalised (default path added). */
export function describeTargetSpec(target: TargetSpec): string {
  switch (target.type) {
    case 'http':
      return target.url;
    case 'dns+a':
      return `dns+a://${target.host}:${target.port}${target.path}`;
    case 'dns+srv':
      return `dns+srv://${target.name}${target.path}`;
    default:
      return JSON.stringify(target);
  }
}

/**
 * The entries of the `periskop.io/targets` annotation as the backend reads
 * them: each valid entry normalised, each invalid one with its problem.
 * Shown when an entity has no scrape targets, because then the annotation
 * is the first suspect; with `invalidOnly`, only the invalid entries, which
 * the backend skips while it scrapes the valid ones.
 */
export const AnnotationTargetsList = (props: {
  annotation: string;
  invalidOnly?: boolean;
}) => {
  const classes = useStyles();
  const { invalidOnly = false } = props;
  const { targets, errors } = invalidOnly
    ? { targets: [], errors: invalidAnnotationEntries(props.annotation) }
    : parseTargetsAnnotation(props.annotation);
  const ErrorIcon = invalidOnly ? StatusWarning : StatusError;
  return (
    <List
      dense
      disablePadding
      aria-label={`${
        invalidOnly ? 'invalid ' : ''
      }${PERISKOP_TARGETS_ANNOTATION} entries`}
    >
      {errors.map(message => (
        <ListItem key={`error:${message}`} disableGutters>
          <ListItemIcon className={classes.icon}>
            <ErrorIcon />
          </ListItemIcon>
          <ListItemText
            primary={message}
            primaryTypographyProps={{ className: classes.mono }}
          />
        </ListItem>
      ))}
      {targets.map(target => {
        const text = describeTargetSpec(target);
        return (
          <ListItem key={`target:${text}`} disableGutters>
            <ListItemIcon className={classes.icon}>
              <StatusOK />
            </ListItemIcon>
            <ListItemText
              primary={text}
              secondary={`valid ${target.type} entry`}
              primaryTypographyProps={{ className: classes.mono }}
            />
          </ListItem>
        );
      })}
    </List>
  );
};

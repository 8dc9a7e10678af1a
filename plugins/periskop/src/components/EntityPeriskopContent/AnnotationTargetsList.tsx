import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import { StatusError, StatusOK } from '@backstage/core-components';
import {
  PERISKOP_TARGETS_ANNOTATION,
  TargetSpec,
  parseTargetsAnnotation,
} from '@periskop-backstage/plugin-periskop-common';

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
 * is the first suspect.
 */
export const AnnotationTargetsList = (props: { annotation: string }) => {
  const classes = useStyles();
  const { targets, errors } = parseTargetsAnnotation(props.annotation);
  return (
    <List
      dense
      disablePadding
      aria-label={`${PERISKOP_TARGETS_ANNOTATION} entries`}
    >
      {errors.map(message => (
        <ListItem key={`error:${message}`} disableGutters>
          <ListItemIcon className={classes.icon}>
            <StatusError />
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

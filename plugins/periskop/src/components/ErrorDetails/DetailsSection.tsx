import { Typography, makeStyles } from '@material-ui/core';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  section: {
    padding: theme.spacing(2.5, 3),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1.5),
    minHeight: 30,
  },
  title: {
    flexGrow: 1,
    fontSize: '1rem',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** Props of {@link DetailsSection}. */
export interface DetailsSectionProps {
  title: string;
  /** Controls on the right of the heading (copy, navigation). */
  actions?: ReactNode;
  children: ReactNode;
}

/** One titled part of the error details, separated by a rule. */
export const DetailsSection = ({
  title,
  actions,
  children,
}: DetailsSectionProps) => {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-label={title}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3" className={classes.title}>
          {title}
        </Typography>
        {actions}
      </div>
      {children}
    </section>
  );
};

import { Typography, makeStyles } from '@material-ui/core';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  part: {
    '& + &': { marginTop: theme.spacing(2.5) },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.75),
    minHeight: 30,
  },
  label: {
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    letterSpacing: '0.06em',
    textTransform: 'uppercase',
  },
}));

/** Props of {@link SubSection}. */
export interface SubSectionProps {
  label: string;
  /** A control on the right of the label, e.g. a copy button. */
  action?: ReactNode;
  children: ReactNode;
}

/** A small labelled block inside a details section (Request, Body, …). */
export const SubSection = ({ label, action, children }: SubSectionProps) => {
  const classes = useStyles();
  return (
    <div className={classes.part}>
      <div className={classes.header}>
        <Typography component="h4" className={classes.label}>
          {label}
        </Typography>
        {action}
      </div>
      {children}
    </div>
  );
};

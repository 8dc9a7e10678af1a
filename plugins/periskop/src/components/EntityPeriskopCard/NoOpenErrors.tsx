import { Typography, makeStyles } from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2, 0),
  },
  icon: {
    color: theme.palette.success.main,
    fontSize: 36,
  },
}));

/** The errors card of an entity without open errors. */
export const NoOpenErrors = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <CheckCircleOutlineIcon className={classes.icon} />
      <div>
        <Typography variant="h6" component="p">
          No open errors
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Every error Periskop has seen here is resolved, or none has occurred
          yet.
        </Typography>
      </div>
    </div>
  );
};

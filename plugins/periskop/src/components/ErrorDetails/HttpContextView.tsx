import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import LockIcon from '@material-ui/icons/Lock';
import { SampleHttpContext } from '@periskop-backstage/plugin-periskop-common';
import { buildCurlCommand } from './buildCurlCommand';
import { CopyButton } from './CopyButton';
import { MONOSPACE_FONT } from './fonts';
import { isRedactedHeaderValue } from './redaction';
import { scrollableRegionProps } from './scrollableRegion';
import { SubSection } from './SubSection';

const useStyles = makeStyles(theme => ({
  request: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.85rem',
    overflowWrap: 'anywhere',
  },
  method: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginRight: theme.spacing(1),
  },
  mono: {
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.8rem',
    overflowWrap: 'anywhere',
    verticalAlign: 'top',
  },
  headerName: {
    width: '30%',
  },
  redacted: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.text.secondary,
    fontStyle: 'italic',
    fontFamily: theme.typography.fontFamily,
  },
  command: {
    whiteSpace: 'pre',
    overflowX: 'auto',
    overflowWrap: 'normal',
  },
  block: {
    margin: 0,
    padding: theme.spacing(1, 1.5),
    fontFamily: MONOSPACE_FONT,
    fontSize: '0.8rem',
    lineHeight: 1.55,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: 320,
    overflowY: 'auto',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** A header value, or a visible "redacted" marker for a removed one. */
const HeaderValue = ({ value }: { value: string }) => {
  const classes = useStyles();
  if (!isRedactedHeaderValue(value)) {
    return <>{value}</>;
  }
  return (
    <Tooltip title="Removed by the Periskop backend before it was stored; the original value is not available">
      <span className={classes.redacted} data-testid="redacted-header">
        <LockIcon fontSize="inherit" aria-hidden />
        redacted
      </span>
    </Tooltip>
  );
};

/**
 * The HTTP request during which a sample was recorded: method and URL, the
 * headers (redacted ones marked as such), the body, and a `curl` command
 * that sends the request again, ready to copy.
 */
export const HttpContextView = ({
  context,
}: {
  context: SampleHttpContext;
}) => {
  const classes = useStyles();
  const headers = Object.entries(context.requestHeaders ?? {});
  const curl = buildCurlCommand(context);

  return (
    <>
      <SubSection label="Request">
        <Typography component="div" className={classes.request}>
          <span className={classes.method}>
            {context.requestMethod || 'GET'}
          </span>
          {context.requestUrl || (
            <Typography component="span" color="textSecondary">
              (no URL recorded)
            </Typography>
          )}
        </Typography>
      </SubSection>

      <SubSection label={`Request headers (${headers.length})`}>
        {headers.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No headers were recorded.
          </Typography>
        ) : (
          <Table size="small" aria-label="Request headers">
            <TableHead>
              <TableRow>
                <TableCell className={classes.headerName}>Name</TableCell>
                <TableCell>Value</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {headers.map(([name, value]) => (
                <TableRow key={name}>
                  <TableCell className={classes.mono}>{name}</TableCell>
                  <TableCell className={classes.mono}>
                    <HeaderValue value={value} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SubSection>

      <SubSection label="Request body">
        {context.requestBody ? (
          <pre
            className={classes.block}
            data-testid="request-body"
            {...scrollableRegionProps('Request body')}
          >
            {context.requestBody}
          </pre>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No request body was recorded.
          </Typography>
        )}
      </SubSection>

      <SubSection
        label="Reproduce with curl"
        action={<CopyButton text={curl} what="curl command" />}
      >
        <pre
          className={`${classes.block} ${classes.command}`}
          data-testid="curl-command"
          {...scrollableRegionProps('curl command')}
        >
          {curl}
        </pre>
      </SubSection>
    </>
  );
};

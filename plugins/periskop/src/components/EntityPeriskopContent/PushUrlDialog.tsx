import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { CodeSnippet } from '@backstage/core-components';
import { CopyButton } from '../ErrorDetails/CopyButton';
import { pushSnippets } from './pushSnippets';

const MONO =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

const useStyles = makeStyles(theme => ({
  urlRow: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    margin: theme.spacing(2, 0),
  },
  url: { fontFamily: MONO, fontSize: '0.8125rem' },
  snippet: { marginTop: theme.spacing(1.5) },
}));

const TITLE_ID = 'periskop-push-url-title';

const SNIPPET_STYLE = { wordBreak: 'break-all', paddingRight: 48 } as const;

/** Props of {@link PushUrlDialog}. */
export interface PushUrlDialogProps {
  /** The new key's push URL; the dialog is open while it is set. */
  pushUrl: string | undefined;
  /** The entity, in words, e.g. `component:nightly-report`. */
  entityName: string;
  /** Called when the user is done; the URL should then be forgotten. */
  onClose(): void;
}

/**
 * Shows the push URL of a key just created, the only time it is shown (the
 * backend keeps only a hash of the key): the URL to copy, a warning that it
 * will not be shown again, and the push call of each Periskop client with
 * the URL filled in.
 *
 * A click beside the dialog does not close it, so the URL is not lost by
 * accident; Escape and "Done" do.
 */
export const PushUrlDialog = (props: PushUrlDialogProps) => {
  const { pushUrl, entityName, onClose } = props;
  const classes = useStyles();

  return (
    <Dialog
      open={pushUrl !== undefined}
      onClose={(_event, reason) => {
        if (reason !== 'backdropClick') onClose();
      }}
      aria-labelledby={TITLE_ID}
      maxWidth="md"
      fullWidth
      data-testid="push-url-dialog"
    >
      <DialogTitle id={TITLE_ID}>Push URL of {entityName}</DialogTitle>
      <DialogContent>
        <Alert severity="warning">
          Copy it now: it will not be shown again. Keep it secret, like a
          password: whoever has it can push errors to {entityName}. If it is
          lost, rotate the key.
        </Alert>
        <Box className={classes.urlRow}>
          <TextField
            id="periskop-push-url"
            label="Push URL"
            value={pushUrl ?? ''}
            variant="outlined"
            size="small"
            fullWidth
            InputProps={{ readOnly: true, className: classes.url }}
            // selecting it all on focus makes a manual copy one keystroke
            onFocus={event => event.target.select()}
          />
          {pushUrl && <CopyButton text={pushUrl} what="push URL" />}
        </Box>
        <Typography variant="body2">
          Give it to the job's Periskop client as its push gateway address (the
          client posts to <code>…/errors</code> under it), once, when the job
          ends:
        </Typography>
        {pushUrl &&
          pushSnippets(pushUrl).map(snippet => (
            <Box key={snippet.language} className={classes.snippet}>
              <Typography variant="subtitle2" component="p">
                {snippet.client}
              </Typography>
              <CodeSnippet
                language={snippet.language}
                text={snippet.code}
                showCopyCodeButton
                // the whole URL in view, clear of the copy button
                wrapLongLines
                customStyle={SNIPPET_STYLE}
              />
            </Box>
          ))}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" color="primary" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
};

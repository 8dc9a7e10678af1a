import { Tooltip, Typography } from '@material-ui/core';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago" for an ISO time, relative to `now` (ms). */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** A relative time, with the exact time (local and UTC) on hover. */
export const RelativeTime = (props: { time: string | null | undefined }) => {
  if (!props.time) {
    return <Typography variant="body2">never</Typography>;
  }
  const date = new Date(props.time);
  return (
    <Tooltip title={`${date.toLocaleString()} (${props.time})`}>
      <Typography variant="body2" component="span">
        <time dateTime={props.time}>{formatRelative(props.time)}</time>
      </Typography>
    </Tooltip>
  );
};

import { Typography, makeStyles, useTheme } from '@material-ui/core';
import { OccurrencePoint } from '@periskop-backstage/plugin-periskop-common';
import { KeyboardEvent, useState } from 'react';

/** Props of {@link OccurrencesChart}. */
export interface OccurrencesChartProps {
  /** Buckets oldest first, zero-filled, each starting at `time`. */
  points: OccurrencePoint[];
  /** Seconds per bucket. */
  step: number;
  /** Height of the plot area in pixels. */
  height?: number;
}

/** Width of one bucket in SVG units; the SVG stretches to its box. */
const SLOT = 10;
const GAP = 2;

const useStyles = makeStyles(theme => ({
  readout: {
    minHeight: '1.5em',
    marginBottom: theme.spacing(1),
    fontVariantNumeric: 'tabular-nums',
  },
  plot: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1),
  },
  yAxis: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
    lineHeight: 1,
  },
  svg: {
    display: 'block',
    width: '100%',
    overflow: 'visible',
    borderBottom: `1px solid ${theme.palette.text.secondary}`,
    '&:focus': { outline: 'none' },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  xAxis: {
    gridColumn: 2,
    display: 'flex',
    justifyContent: 'space-between',
    marginTop: theme.spacing(0.5),
  },
}));

function bucketLabel(step: number): string {
  const units: Array<[number, string]> = [
    [7 * 86400, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (step % size === 0) {
      const n = step / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${step} seconds`;
}

function formatTime(time: number, step: number): string {
  return new Date(time).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(step < 86400 ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

/** A bucket's span; the end omits the date when it is the same day. */
function formatRange(from: number, to: number, step: number): string {
  if (step >= 86400) {
    return step === 86400
      ? formatTime(from, step)
      : `${formatTime(from, step)} – ${formatTime(to, step)}`;
  }
  const sameDay = new Date(from).toDateString() === new Date(to).toDateString();
  const end = sameDay
    ? new Date(to).toLocaleTimeString(undefined, {
        hour: '2-digit',
        minute: '2-digit',
      })
    : formatTime(to, step);
  return `${formatTime(from, step)} – ${end}`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function occurrences(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'occurrence' : 'occurrences'}`;
}

/**
 * Occurrences of an error group over time as a bar chart, drawn by hand in
 * SVG: one bar per bucket, the largest count and the window's start and
 * end as axis labels, and the bucket under the pointer (or selected with
 * the arrow keys) spelled out above the plot. Every bar also carries a
 * native tooltip.
 */
export const OccurrencesChart = ({
  points,
  step,
  height = 120,
}: OccurrencesChartProps) => {
  const classes = useStyles();
  const theme = useTheme();
  const [active, setActive] = useState<number | undefined>();

  if (points.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No occurrence data for this window.
      </Typography>
    );
  }

  const stepMs = step * 1000;
  const times = points.map(p => Date.parse(p.time));
  const total = points.reduce((sum, p) => sum + p.count, 0);
  const max = Math.max(0, ...points.map(p => p.count));
  const peakIndex = points.findIndex(p => p.count === max);
  const start = times[0];
  const end = times[times.length - 1] + stepMs;
  const describe = (i: number) =>
    `${formatRange(times[i], times[i] + stepMs, step)}: ${occurrences(
      points[i].count,
    )}`;
  const width = points.length * SLOT;
  const scale = max > 0 ? height / max : 0;

  const summary =
    total === 0
      ? `No occurrences between ${formatTime(start, step)} and ${formatTime(
          end,
          step,
        )}`
      : `${occurrences(total)} in this window, at most ${formatCount(
          max,
        )} per ${bucketLabel(step)}`;

  const onKeyDown = (event: KeyboardEvent) => {
    const last = points.length - 1;
    const move: Record<string, number> = {
      ArrowLeft: Math.max(0, (active ?? last + 1) - 1),
      ArrowRight: Math.min(last, (active ?? -1) + 1),
      Home: 0,
      End: last,
    };
    if (event.key in move) {
      event.preventDefault();
      setActive(move[event.key]);
    } else if (event.key === 'Escape' && active !== undefined) {
      event.stopPropagation();
      setActive(undefined);
    }
  };

  return (
    <div>
      <Typography
        variant="body2"
        color={active === undefined ? 'textSecondary' : 'textPrimary'}
        className={classes.readout}
        aria-live="polite"
        data-testid="occurrences-readout"
      >
        {active === undefined ? summary : describe(active)}
      </Typography>
      <div className={classes.plot}>
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.yAxis}
          style={{ height }}
          aria-hidden
        >
          <span data-testid="occurrences-max">{formatCount(max)}</span>
          <span>0</span>
        </Typography>
        <svg
          className={classes.svg}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          role="img"
          tabIndex={0}
          aria-label={`Occurrences per ${bucketLabel(step)} from ${formatTime(
            start,
            step,
          )} to ${formatTime(end, step)}: ${occurrences(total)}${
            total > 0
              ? `, peak ${formatCount(max)} at ${formatTime(
                  times[peakIndex],
                  step,
                )}`
              : ''
          }. Use the arrow keys to read single buckets.`}
          onKeyDown={onKeyDown}
          onMouseLeave={() => setActive(undefined)}
          onBlur={() => setActive(undefined)}
        >
          <line
            x1={0}
            x2={width}
            y1={0.5}
            y2={0.5}
            stroke="currentColor"
            strokeOpacity={0.15}
            strokeDasharray="4 4"
            vectorEffect="non-scaling-stroke"
          />
          {points.map((point, i) => {
            const barHeight =
              point.count > 0 ? Math.max(2, point.count * scale) : 0;
            return (
              <g
                key={point.time}
                onMouseEnter={() => setActive(i)}
                data-testid="occurrence-bucket"
              >
                <title>{describe(i)}</title>
                <rect
                  x={i * SLOT}
                  y={0}
                  width={SLOT}
                  height={height}
                  fill={i === active ? 'currentColor' : 'transparent'}
                  fillOpacity={i === active ? 0.08 : 0}
                />
                <rect
                  data-testid="occurrence-bar"
                  data-count={point.count}
                  x={i * SLOT + GAP / 2}
                  y={height - barHeight}
                  width={SLOT - GAP}
                  height={barHeight}
                  fill={theme.palette.error.main}
                  fillOpacity={active === undefined || i === active ? 0.9 : 0.5}
                />
              </g>
            );
          })}
        </svg>
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.xAxis}
          aria-hidden
        >
          <span>{formatTime(start, step)}</span>
          <span>{formatTime(end, step)}</span>
        </Typography>
      </div>
    </div>
  );
};

import { useTheme } from '@material-ui/core';
import { SPARKLINE_HOURS } from '@periskop-backstage/plugin-periskop-common';

/** What the sparklines of list items span, in words: "24 hours". */
export const SPARKLINE_SPAN = `${SPARKLINE_HOURS} hours`;

/**
 * A tiny SVG bar chart of counts, oldest first. Drawn by hand so the plugin
 * needs no chart library; labelled for screen readers with the total.
 */
export const Sparkline = (props: {
  values: number[];
  width?: number;
  height?: number;
  label?: string;
}) => {
  const theme = useTheme();
  const { values, width = 96, height = 20 } = props;
  const max = Math.max(1, ...values);
  const total = values.reduce((sum, v) => sum + v, 0);
  const barWidth = values.length ? width / values.length : width;
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={props.label ?? `${total} occurrences`}
      data-testid="sparkline"
    >
      {values.map((value, index) => {
        const h = value === 0 ? 1 : Math.max(2, (value / max) * height);
        return (
          <rect
            key={index}
            x={index * barWidth + 0.5}
            y={height - h}
            width={Math.max(1, barWidth - 1)}
            height={h}
            fill={
              value === 0 ? theme.palette.divider : theme.palette.error.main
            }
          />
        );
      })}
    </svg>
  );
};

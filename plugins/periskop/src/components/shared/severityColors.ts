import { Theme, darken } from '@material-ui/core/styles';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import { ChipColors, filledChipColors } from './readableColors';

/** The palette colour each severity is shown in, the same in every theme. */
const SEVERITY_HUE: Record<PeriskopSeverity, (theme: Theme) => string> = {
  error: theme => theme.palette.error.main,
  warning: theme => theme.palette.warning.main,
  info: theme => theme.palette.info.main,
};

/** How much darker a filled severity chip turns under the pointer or focus. */
const HOVER_DARKEN = 0.12;

/** A filled severity chip's colours, at rest and under the pointer or focus. */
export interface SeverityChipColors extends ChipColors {
  hover: ChipColors;
}

/**
 * The colours of a filled chip of each severity in `theme`: red, orange
 * and blue as in Backstage's status palette, with labels that meet WCAG 2
 * AA contrast (see `filledChipColors`). The label's text says the severity
 * too, so it never rests on colour alone.
 */
export function severityChipColors(
  theme: Theme,
): Record<PeriskopSeverity, SeverityChipColors> {
  const entries = PERISKOP_SEVERITIES.map(severity => {
    const rest = filledChipColors(SEVERITY_HUE[severity](theme));
    const hover = filledChipColors(darken(rest.backgroundColor, HOVER_DARKEN));
    return [severity, { ...rest, hover }] as const;
  });
  return Object.fromEntries(entries) as Record<
    PeriskopSeverity,
    SeverityChipColors
  >;
}

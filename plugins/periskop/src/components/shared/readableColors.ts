/**
 * Colours that meet WCAG 2 AA contrast, derived from the theme's palette.
 * The palette's `main` colours (MUI's defaults in Backstage's light and
 * dark themes) are too light for small text: white on the error red is
 * 3.7:1, the error red as text on a white card 3.7:1, and MUI picks a
 * `contrastText` at only 3:1. These functions keep the hue and shift its
 * lightness just as far as needed, so a theme whose colours already pass
 * is left as it is.
 */
import {
  Theme,
  darken,
  getContrastRatio,
  getLuminance,
  lighten,
} from '@material-ui/core/styles';

/**
 * WCAG 2 AA (success criterion 1.4.3): the least contrast of text under
 * 18pt (14pt bold) with its background. Chips, counts and labels in the
 * plugin are all that small.
 */
export const AA_TEXT_CONTRAST = 4.5;

/**
 * Where white already reads on a hue at least this well (MUI's own
 * `contrastThreshold`), the hue is dark enough to carry a white label after
 * a little darkening; lighter hues (orange, yellow) would turn brown, so
 * they keep their colour and get a dark label instead.
 */
const WHITE_LABEL_THRESHOLD = 3;

const WHITE = '#ffffff';
/** MUI's grey[900], the colour of its dark `contrastText` without the alpha. */
const DARK_LABEL = '#212121';
/** How far each try shifts the colour (a fraction of the way to black or white). */
const STEP = 0.05;

/**
 * `color` as text on each of `backgrounds` (the surfaces it may sit on, e.g.
 * the theme's paper and default background), darkened on light backgrounds
 * or lightened on dark ones by the least step that reaches `minRatio`
 * against all of them. Returns `color` itself when it already does.
 */
export function readableTextColor(
  color: string,
  backgrounds: string[],
  minRatio: number = AA_TEXT_CONTRAST,
): string {
  const backgroundLuminance =
    backgrounds.reduce((sum, b) => sum + getLuminance(b), 0) /
    backgrounds.length;
  const towardsBlack = getLuminance(color) <= backgroundLuminance;
  for (let step = 0; step * STEP < 1; step++) {
    const amount = step * STEP;
    let candidate = color;
    if (amount > 0) {
      candidate = towardsBlack ? darken(color, amount) : lighten(color, amount);
    }
    if (backgrounds.every(b => getContrastRatio(candidate, b) >= minRatio)) {
      return candidate;
    }
  }
  return towardsBlack ? '#000000' : WHITE;
}

/** Background and label colour of a filled chip. */
export interface ChipColors {
  backgroundColor: string;
  color: string;
}

/**
 * A filled chip of `hue` whose label reaches `minRatio`: a white label on
 * the hue darkened as little as needed when the hue is a dark one (red,
 * blue, green), otherwise a dark label on the hue itself (orange, yellow).
 */
export function filledChipColors(
  hue: string,
  minRatio: number = AA_TEXT_CONTRAST,
): ChipColors {
  if (getContrastRatio(WHITE, hue) >= WHITE_LABEL_THRESHOLD) {
    // contrast is symmetric: the hue as "text" on white is the hue as a
    // background under white text
    return {
      backgroundColor: readableTextColor(hue, [WHITE], minRatio),
      color: WHITE,
    };
  }
  return {
    backgroundColor: hue,
    color: readableTextColor(DARK_LABEL, [hue], minRatio),
  };
}

/**
 * `color` as text readable on both of the theme's surfaces: cards and
 * tables (`background.paper`) and the page (`background.default`).
 */
export function readableOnTheme(theme: Theme, color: string): string {
  return readableTextColor(color, [
    theme.palette.background.paper,
    theme.palette.background.default,
  ]);
}

import { Theme, createTheme, useTheme } from '@material-ui/core/styles';
import { renderInTestApp } from '@backstage/test-utils';
import {
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
} from '@periskop-backstage/plugin-periskop-common';
import { decomposeColor, getContrastRatio } from '@material-ui/core/styles';
import { AA_TEXT_CONTRAST, readableOnTheme } from './readableColors';
import { severityChipColors } from './severityColors';

/** The theme a Backstage app renders the plugin in (the test app's: Backstage's light theme). */
async function backstageLightTheme(): Promise<Theme> {
  let theme: Theme | undefined;
  const Capture = () => {
    theme = useTheme();
    return null;
  };
  await renderInTestApp(<Capture />);
  return theme!;
}

/**
 * Backstage's dark theme as far as these colours go: its surfaces (paper
 * #424242 on #333333, from `palettes.dark` of @backstage/theme, which this
 * package does not depend on) and MUI's status colours, which Backstage
 * leaves at their defaults. The browser tests audit the real one.
 */
const backstageDarkTheme = createTheme({
  palette: {
    type: 'dark',
    background: { paper: '#424242', default: '#333333' },
  },
});

function hue(color: string): number {
  const [r, g, b] = decomposeColor(color).values.map(v => v / 255);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe.each([
  ['light', backstageLightTheme],
  ['dark', async () => backstageDarkTheme],
])('severity colours in the %s theme', (_name, getTheme) => {
  it.each(PERISKOP_SEVERITIES)(
    'labels a %s chip with AA contrast, at rest and under the pointer',
    async severity => {
      const colors = severityChipColors(await getTheme())[severity];

      expect(
        getContrastRatio(colors.color, colors.backgroundColor),
      ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
      expect(
        getContrastRatio(colors.hover.color, colors.hover.backgroundColor),
      ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
      expect(colors.hover.backgroundColor).not.toBe(colors.backgroundColor);
    },
  );

  it('keeps the severities apart by hue', async () => {
    const colors = severityChipColors(await getTheme());
    const hues = PERISKOP_SEVERITIES.map(s => hue(colors[s].backgroundColor));
    for (let i = 0; i < hues.length; i++) {
      for (let j = i + 1; j < hues.length; j++) {
        const apart = Math.abs(hues[i] - hues[j]);
        expect(Math.min(apart, 360 - apart)).toBeGreaterThan(30);
      }
    }
  });

  it.each(['error', 'success', 'warning'] as const)(
    'makes the %s colour readable as text on cards and on the page',
    async name => {
      const theme = await getTheme();
      const text = readableOnTheme(theme, theme.palette[name].main);
      for (const surface of [
        theme.palette.background.paper,
        theme.palette.background.default,
      ]) {
        expect(getContrastRatio(text, surface)).toBeGreaterThanOrEqual(
          AA_TEXT_CONTRAST,
        );
      }
    },
  );
});

it('knows a colour for every severity', () => {
  const colors = severityChipColors(backstageDarkTheme);
  expect(Object.keys(colors).sort()).toEqual(
    [...PERISKOP_SEVERITIES].sort() as PeriskopSeverity[],
  );
});

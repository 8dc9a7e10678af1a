import {
  decomposeColor,
  getContrastRatio,
  getLuminance,
} from '@material-ui/core/styles';
import {
  AA_TEXT_CONTRAST,
  filledChipColors,
  readableTextColor,
} from './readableColors';

/** The hue angle of a colour, in degrees. */
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

describe('readableTextColor', () => {
  it('leaves a colour that already reads as it is', () => {
    expect(readableTextColor('#212121', ['#ffffff'])).toBe('#212121');
    expect(readableTextColor('#ffffff', ['#424242', '#333333'])).toBe(
      '#ffffff',
    );
  });

  it('darkens a light colour on light surfaces just enough, keeping its hue', () => {
    const red = '#f44336';
    expect(getContrastRatio(red, '#ffffff')).toBeLessThan(AA_TEXT_CONTRAST);

    const text = readableTextColor(red, ['#ffffff', '#f8f8f8']);

    expect(getContrastRatio(text, '#ffffff')).toBeGreaterThanOrEqual(
      AA_TEXT_CONTRAST,
    );
    expect(getContrastRatio(text, '#f8f8f8')).toBeGreaterThanOrEqual(
      AA_TEXT_CONTRAST,
    );
    expect(getLuminance(text)).toBeLessThan(getLuminance(red));
    expect(Math.abs(hue(text) - hue(red))).toBeLessThan(3);
    // not all the way to black: still recognisably red
    expect(getContrastRatio(text, '#ffffff')).toBeLessThan(6);
  });

  it('lightens a colour on dark surfaces', () => {
    const red = '#f44336';
    const text = readableTextColor(red, ['#424242', '#333333']);

    expect(getContrastRatio(text, '#424242')).toBeGreaterThanOrEqual(
      AA_TEXT_CONTRAST,
    );
    expect(getContrastRatio(text, '#333333')).toBeGreaterThanOrEqual(
      AA_TEXT_CONTRAST,
    );
    expect(getLuminance(text)).toBeGreaterThan(getLuminance(red));
  });

  it('honours a lower ratio, e.g. 3:1 for large text', () => {
    expect(readableTextColor('#f44336', ['#ffffff'], 3)).toBe('#f44336');
  });
});

describe('filledChipColors', () => {
  it('puts a white label on a dark hue, darkened until it reads', () => {
    const red = '#f44336';
    expect(getContrastRatio('#ffffff', red)).toBeLessThan(AA_TEXT_CONTRAST);

    const chip = filledChipColors(red);

    expect(chip.color).toBe('#ffffff');
    expect(
      getContrastRatio(chip.color, chip.backgroundColor),
    ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
    expect(Math.abs(hue(chip.backgroundColor) - hue(red))).toBeLessThan(3);
  });

  it('puts a dark label on a light hue and keeps the hue as it is', () => {
    const orange = '#ff9800';
    const chip = filledChipColors(orange);

    expect(chip.backgroundColor).toBe(orange);
    expect(getLuminance(chip.color)).toBeLessThan(0.05);
    expect(
      getContrastRatio(chip.color, chip.backgroundColor),
    ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
  });
});

import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { OccurrencesChart } from './OccurrencesChart';

const start = Date.parse('2026-01-31T00:00:00.000Z');
const points = [0, 3, 0, 12, 5, 1].map((count, i) => ({
  time: new Date(start + i * 3600 * 1000).toISOString(),
  count,
}));

describe('OccurrencesChart', () => {
  it('draws one bar per bucket, scaled to the largest count', async () => {
    await renderInTestApp(<OccurrencesChart points={points} step={3600} />);

    const bars = screen.getAllByTestId('occurrence-bar');
    expect(bars).toHaveLength(6);
    expect(bars.map(b => Number(b.getAttribute('data-count')))).toEqual([
      0, 3, 0, 12, 5, 1,
    ]);
    expect(Number(bars[3].getAttribute('height'))).toBe(120);
    expect(Number(bars[0].getAttribute('height'))).toBe(0);
    expect(Number(bars[5].getAttribute('height'))).toBeGreaterThanOrEqual(2);
    expect(screen.getByTestId('occurrences-max')).toHaveTextContent('12');
  });

  it('states the total and the peak, also for screen readers', async () => {
    await renderInTestApp(<OccurrencesChart points={points} step={3600} />);

    expect(screen.getByTestId('occurrences-readout')).toHaveTextContent(
      '21 occurrences in this window, at most 12 per hour',
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(
      /^Occurrences per hour from .+ to .+: 21 occurrences, peak 12 at /,
    );
  });

  it('gives every bar a tooltip with its time and count', async () => {
    await renderInTestApp(<OccurrencesChart points={points} step={3600} />);

    const titles = screen
      .getAllByTestId('occurrence-bucket')
      .map(g => g.querySelector('title')?.textContent);
    expect(titles).toHaveLength(6);
    expect(titles[3]).toMatch(/ – .+: 12 occurrences$/);
    expect(titles[5]).toMatch(/: 1 occurrence$/);
  });

  it('spells out the hovered bucket and lets the keyboard move between buckets', async () => {
    await renderInTestApp(<OccurrencesChart points={points} step={3600} />);
    const readout = screen.getByTestId('occurrences-readout');

    fireEvent.mouseEnter(screen.getAllByTestId('occurrence-bucket')[1]);
    expect(readout).toHaveTextContent(/: 3 occurrences$/);

    fireEvent.keyDown(screen.getByRole('img'), { key: 'End' });
    expect(readout).toHaveTextContent(/: 1 occurrence$/);
    fireEvent.keyDown(screen.getByRole('img'), { key: 'ArrowLeft' });
    expect(readout).toHaveTextContent(/: 5 occurrences$/);

    fireEvent.mouseLeave(screen.getByRole('img'));
    expect(readout).toHaveTextContent('21 occurrences in this window');
  });

  it('says when the window had no occurrences', async () => {
    await renderInTestApp(
      <OccurrencesChart
        points={points.map(p => ({ ...p, count: 0 }))}
        step={3600}
      />,
    );
    expect(screen.getByTestId('occurrences-readout')).toHaveTextContent(
      /^No occurrences between /,
    );
    expect(screen.getAllByTestId('occurrence-bar')).toHaveLength(6);
  });

  it('explains an empty series', async () => {
    await renderInTestApp(<OccurrencesChart points={[]} step={3600} />);
    expect(
      screen.getByText('No occurrence data for this window.'),
    ).toBeInTheDocument();
  });
});

describe('OccurrencesChart with daily buckets', () => {
  it('names days without times', async () => {
    const days = [2, 5].map((count, i) => ({
      time: new Date(start + i * 86400 * 1000).toISOString(),
      count,
    }));
    await renderInTestApp(<OccurrencesChart points={days} step={86400} />);
    expect(screen.getByTestId('occurrences-readout')).toHaveTextContent(
      '7 occurrences in this window, at most 5 per day',
    );
    const title = screen
      .getAllByTestId('occurrence-bucket')[1]
      .querySelector('title')?.textContent;
    expect(title).not.toContain('–');
    expect(title).toMatch(/: 5 occurrences$/);
  });
});

export { Sparkline, SPARKLINE_SPAN } from './Sparkline';
export { formatCount } from './formatCount';
export { SeverityChip } from './SeverityChip';
export { RelativeTime, formatRelative } from './RelativeTime';
export { useLiveRefresh, SIGNALLED_REFRESH_SECONDS } from './useLiveRefresh';
export type { LiveRefresh } from './useLiveRefresh';
export { useLiveData } from './useLiveData';
export type { LiveData, LiveDataOptions } from './useLiveData';
export { SearchField, SEARCH_DEBOUNCE_MS } from './SearchField';
export {
  TIME_WINDOW_CHOICES,
  DEFAULT_TIME_WINDOW,
  timeWindow,
  isTimeWindowId,
} from './timeWindows';
export type { TimeWindow, TimeWindowId } from './timeWindows';
export { ErrorGroupStatusBadges } from './ErrorGroupStatusBadges';
export { isPushedInstance } from './isPushedInstance';
export { isPushOnly } from './isPushOnly';
export { PERISKOP_REGION_CLASS } from './periskopRegion';
export {
  AA_TEXT_CONTRAST,
  filledChipColors,
  readableOnTheme,
  readableTextColor,
} from './readableColors';
export type { ChipColors } from './readableColors';
export { severityChipColors } from './severityColors';
export type { SeverityChipColors } from './severityColors';

export { Sparkline } from './Sparkline';
export { SeverityChip } from './SeverityChip';
export { RelativeTime, formatRelative } from './RelativeTime';
export { usePolling } from './usePolling';
export { SearchField, SEARCH_DEBOUNCE_MS } from './SearchField';

export { REDACTED } from './placeholder';
export {
  DEFAULT_REDACT_VALUES,
  DEFAULT_REDACTION_SETTINGS,
  Redaction,
} from './Redaction';
export type { RedactionSettings } from './Redaction';
export { DEFAULT_REDACTED_HEADERS } from './redactHeaders';
export {
  DEFAULT_SECRET_NAME_PATTERNS,
  invalidSecretNamePattern,
} from './secretNames';

/** What every redacted value (header, field, parameter, matched text) is replaced with. */
export const REDACTED = '[REDACTED]';

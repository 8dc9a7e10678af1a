import { createHash, randomBytes } from 'node:crypto';

/**
 * Push keys: 256 random bits, base64url, behind a fixed prefix so that
 * secret scanners (and people) recognise a leaked one. Only the SHA-256 of
 * a key is stored; with that much entropy a plain hash cannot be reversed,
 * and a lookup by hash needs no per-key salt.
 */
const PUSH_KEY_PREFIX = 'pskp_';
const PUSH_KEY_BYTES = 32;
const PUSH_KEY_PATTERN = /^pskp_[A-Za-z0-9_-]{43}$/;

/** Characters of a key kept in clear (its end), to tell keys apart in the UI. */
const PUSH_KEY_HINT_LENGTH = 4;

/** A new random push key. */
export function generatePushKey(): string {
  return PUSH_KEY_PREFIX + randomBytes(PUSH_KEY_BYTES).toString('base64url');
}

/** Whether a path segment can be a push key at all (checked before any lookup). */
export function isWellFormedPushKey(value: string): boolean {
  return PUSH_KEY_PATTERN.test(value);
}

/** What is stored and looked up: SHA-256 (hex) of the key. */
export function hashPushKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key's last characters, stored to tell keys apart. */
export function pushKeyHint(key: string): string {
  return key.slice(-PUSH_KEY_HINT_LENGTH);
}

/**
 * How a key appears where URLs are logged: its prefix and hint only, or
 * nothing of a value that is not a key.
 */
export function maskPushKey(value: string): string {
  return isWellFormedPushKey(value)
    ? `${PUSH_KEY_PREFIX}…${pushKeyHint(value)}`
    : '[push key]';
}

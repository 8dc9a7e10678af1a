/**
 * Annotation that lists where an entity's instances expose their errors:
 * comma-separated `http(s)://`, `dns+a://` and `dns+srv://` entries.
 * See {@link parseTargetsAnnotation}.
 * @public
 */
export const PERISKOP_TARGETS_ANNOTATION = 'periskop.io/targets';

/**
 * Optional annotation naming the service in metrics and in the
 * Periskop-compatible API; the same annotation as the community Periskop
 * plugin uses. Defaults to `metadata.name`.
 * @public
 */
export const PERISKOP_SERVICE_NAME_ANNOTATION = 'periskop.io/service-name';

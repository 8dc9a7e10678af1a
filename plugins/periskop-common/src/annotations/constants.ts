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

/**
 * Longest {@link PERISKOP_SERVICE_NAME_ANNOTATION} that is used; a longer
 * value is ignored (the entity's name is used, and discovery reports it).
 * @public
 */
export const MAX_SERVICE_NAME_LENGTH = 255;

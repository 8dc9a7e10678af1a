import * as common from './index';

describe('public API', () => {
  it('exports the runtime values', () => {
    expect(Object.keys(common).sort()).toEqual(
      [
        'DEFAULT_ERROR_LIST_LIMIT',
        'DEFAULT_EXCEPTIONS_PATH',
        'DEFAULT_MAX_TARGET_ENTRIES',
        'DEFAULT_RETENTION_DAYS',
        'DEFAULT_SCRAPE_INTERVAL_SECONDS',
        'DEFAULT_SUMMARY_TOP',
        'DEFAULT_WINDOW_MS',
        'ERROR_SORT_FIELDS',
        'ERROR_STATUSES',
        'ERROR_STATUS_FILTERS',
        'MAX_ERROR_LIST_LIMIT',
        'MAX_OCCURRENCE_POINTS',
        'MAX_SEARCH_LENGTH',
        'MAX_SERVICE_NAME_LENGTH',
        'MAX_SUMMARY_TOP',
        'OVERVIEW_SORT_FIELDS',
        'PERISKOP_ENTITY_ANNOTATIONS',
        'SORT_ORDERS',
        'SPARKLINE_HOURS',
        'TARGET_ORIGINS',
        'TIME_WINDOWS',
        'splitSearchTerms',
        'MAX_CAUSE_DEPTH',
        'PERISKOP_SERVICE_NAME_ANNOTATION',
        'PERISKOP_SEVERITIES',
        'PERISKOP_TARGETS_ANNOTATION',
        'getPeriskopServiceName',
        'isPeriskopAvailable',
        'parsePeriskopPayload',
        'parseRfc3339Timestamp',
        'parseTargetsAnnotation',
        'readPeriskopPayload',
        'periskopErrorPushPermission',
        'periskopErrorReadPermission',
        'periskopErrorResolvePermission',
        'periskopPermissions',
        'periskopPushKeyManagePermission',
      ].sort(),
    );
  });
});

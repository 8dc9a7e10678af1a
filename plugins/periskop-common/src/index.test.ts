import * as common from './index';

describe('public API', () => {
  it('exports the runtime values', () => {
    expect(Object.keys(common).sort()).toEqual(
      [
        'DEFAULT_EXCEPTIONS_PATH',
        'MAX_CAUSE_DEPTH',
        'PERISKOP_SERVICE_NAME_ANNOTATION',
        'PERISKOP_SEVERITIES',
        'PERISKOP_TARGETS_ANNOTATION',
        'getPeriskopServiceName',
        'isPeriskopAvailable',
        'parsePeriskopPayload',
        'parseRfc3339Timestamp',
        'parseTargetsAnnotation',
        'periskopErrorReadPermission',
        'periskopErrorResolvePermission',
        'periskopPermissions',
      ].sort(),
    );
  });
});

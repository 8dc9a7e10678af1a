import type { Entity } from '@backstage/catalog-model';
import { isPeriskopAvailable } from './isPeriskopAvailable';
import { getPeriskopServiceName } from './getPeriskopServiceName';
import {
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
} from './constants';

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api-auth', annotations },
    spec: {},
  };
}

describe('annotation names', () => {
  it('are the documented ones', () => {
    expect(PERISKOP_TARGETS_ANNOTATION).toBe('periskop.io/targets');
    expect(PERISKOP_SERVICE_NAME_ANNOTATION).toBe('periskop.io/service-name');
  });
});

describe('isPeriskopAvailable', () => {
  it('is true when the targets annotation has a value', () => {
    expect(
      isPeriskopAvailable(
        entity({ 'periskop.io/targets': 'dns+a://api:8080' }),
      ),
    ).toBe(true);
  });

  it('is true even for an invalid value, so the tab can explain it', () => {
    expect(
      isPeriskopAvailable(entity({ 'periskop.io/targets': 'ftp://x' })),
    ).toBe(true);
  });

  it('is true with only the service name: a service that pushes its errors', () => {
    expect(
      isPeriskopAvailable(entity({ 'periskop.io/service-name': 'nightly' })),
    ).toBe(true);
  });

  it.each([
    ['no annotations', undefined],
    ['other annotations', { 'backstage.io/techdocs-ref': 'dir:.' }],
    ['an empty value', { 'periskop.io/targets': '' }],
    ['a blank value', { 'periskop.io/targets': ' \n\t' }],
    ['a blank service name', { 'periskop.io/service-name': '  ' }],
  ])('is false with %s', (_, annotations) => {
    expect(isPeriskopAvailable(entity(annotations))).toBe(false);
  });
});

describe('getPeriskopServiceName', () => {
  it('uses the service-name annotation, trimmed', () => {
    expect(
      getPeriskopServiceName(entity({ 'periskop.io/service-name': ' auth ' })),
    ).toBe('auth');
  });

  it.each([
    ['no annotations', undefined],
    ['a blank annotation', { 'periskop.io/service-name': '  ' }],
    [
      'an annotation over 255 characters',
      { 'periskop.io/service-name': 'x'.repeat(256) },
    ],
  ])('falls back to metadata.name with %s', (_, annotations) => {
    expect(getPeriskopServiceName(entity(annotations))).toBe('api-auth');
  });
});

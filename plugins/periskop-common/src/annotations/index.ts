export * from './constants';
export {
  isPeriskopAvailable,
  PERISKOP_ENTITY_ANNOTATIONS,
} from './isPeriskopAvailable';
export { getPeriskopServiceName } from './getPeriskopServiceName';
export type {
  TargetSpec,
  HttpTargetSpec,
  DnsATargetSpec,
  DnsSrvTargetSpec,
} from './TargetSpec';
export {
  parseTargetsAnnotation,
  DEFAULT_EXCEPTIONS_PATH,
  DEFAULT_MAX_TARGET_ENTRIES,
} from './parseTargetsAnnotation';
export type {
  ParsedTargetsAnnotation,
  ParseTargetsAnnotationOptions,
} from './parseTargetsAnnotation';

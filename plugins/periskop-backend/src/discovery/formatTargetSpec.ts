import type { TargetSpec } from '@periskop-backstage/plugin-periskop-common';

/**
 * The normalised annotation entry of a parsed target, e.g.
 * `http://api:8080/-/exceptions`, `dns+a://api.svc:8080/-/exceptions` or
 * `dns+srv://_http._tcp.api.svc/-/exceptions`. Used as the `source` of the
 * targets it produces, and as the URL of a DNS entry that cannot be resolved.
 */
export function formatTargetSpec(spec: TargetSpec): string {
  switch (spec.type) {
    case 'http':
      return spec.url;
    case 'dns+a':
      return `dns+a://${spec.host}:${spec.port}${spec.path}`;
    default:
      return `dns+srv://${spec.name}${spec.path}`;
  }
}

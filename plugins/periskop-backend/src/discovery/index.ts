export type {
  ScrapeTarget,
  DiscoveryProblem,
  DiscoveryResult,
  TargetDiscovery,
} from './types';
export { OutboundPolicy } from './OutboundPolicy';
export type { OutboundPolicyOptions, PolicyDecision } from './OutboundPolicy';
export {
  createPolicyLookup,
  PolicyBlockedError,
  POLICY_BLOCKED_CODE,
} from './policyLookup';
export { NodeDnsResolver, DnsLookupError } from './DnsResolver';
export type {
  DnsResolver,
  SrvRecord,
  NodeDnsResolverOptions,
} from './DnsResolver';
export { CatalogTargetDiscovery } from './CatalogTargetDiscovery';
export type { CatalogTargetDiscoveryOptions } from './CatalogTargetDiscovery';
export { targetId } from './targetId';

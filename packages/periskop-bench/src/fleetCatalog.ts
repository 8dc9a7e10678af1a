import { Entity } from '@backstage/catalog-model';
import { annotatedEntity } from './catalog/FakeCatalog';
import { Fleet } from './fleet/Fleet';
import { entityOfInstance } from './fleet/FleetPayloads';

/** Entity name of entity `e` of the fleet. */
export function fleetEntityName(e: number): string {
  return `fleet-service-${String(e).padStart(5, '0')}`;
}

/**
 * The catalog entities of the fleet: entity `e` lists the URLs of its
 * instances (`i % entities === e`) in its `periskop.io/targets` annotation,
 * comma-separated, as an adopter would for static instances.
 */
export function fleetEntities(fleet: Fleet): Entity[] {
  const urls: string[][] = Array.from(
    { length: fleet.shape.entities },
    () => [],
  );
  fleet.ports.forEach((_, i) => {
    urls[entityOfInstance(fleet.shape, i)].push(fleet.url(i));
  });
  return urls.map((list, e) =>
    annotatedEntity({
      name: fleetEntityName(e),
      targets: list.join(', '),
      owner: `team-${e % 20}`,
    }),
  );
}

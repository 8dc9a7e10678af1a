import type { Entity } from '@backstage/catalog-model';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import { findBlockingAnnotationProblems } from './findBlockingAnnotationProblems';

/**
 * Checks the `periskop.io/targets` and `periskop.io/service-name`
 * annotations of every entity after validation, and emits an input error for
 * each one that cannot be used at all (see
 * {@link findBlockingAnnotationProblems}). The catalog then keeps the
 * entity's last good version and shows the error in its processing errors
 * panel. Lesser problems are left to the Periskop backend, which reports
 * them on the Errors tab without blocking the entity.
 */
export class PeriskopAnnotationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'PeriskopAnnotationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    for (const message of findBlockingAnnotationProblems(entity)) {
      emit(processingResult.inputError(location, message));
    }
    return entity;
  }
}

import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs one change a user asked for as an audit event of Backstage's
 * auditor: the event is created before the change, and ends as a success
 * (with what `action` adds to its meta) or as a failure with the error,
 * which is then thrown on.
 */
export async function runAudited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    severityLevel: 'low' | 'medium' | 'high' | 'critical';
    request: Request;
    meta: JsonObject;
  },
  action: () => Promise<{ result: T; meta?: JsonObject }>,
): Promise<T> {
  const auditorEvent = await auditor.createEvent(event);
  try {
    const { result, meta } = await action();
    await auditorEvent.success(meta ? { meta } : undefined);
    return result;
  } catch (error) {
    await auditorEvent.fail({ error: error as Error });
    throw error;
  }
}

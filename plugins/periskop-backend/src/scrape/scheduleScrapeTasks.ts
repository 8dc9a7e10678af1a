import { timedTask } from '../metrics/timedTask';
import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  noopPeriskopMetrics,
  PeriskopMetrics,
} from '../metrics/PeriskopMetrics';
import { ScrapePool, Shard } from './ScrapePool';

/** The task of an unsharded fleet: discovers and scrapes in one cycle. */
export const SCRAPE_TASK_ID = 'periskop-scrape';

/** The task of a sharded fleet that discovers and syncs the target list. */
export const DISCOVERY_TASK_ID = 'periskop-discovery';

/** The id of the scrape task of one shard of a sharded fleet. */
export function shardTaskId(shard: Shard): string {
  return `periskop-scrape-${shard.index + 1}-of-${shard.count}`;
}

/**
 * Schedules the scrape tasks on the scheduler (global scope, see
 * `readPeriskopConfig`). One shard: one task that discovers and scrapes.
 * Several shards: one discovery task that reads the catalog and DNS and
 * stores the complete target list once per cycle, and one task per shard
 * that scrapes its slice of the stored list; the replicas share them out.
 *
 * The shard tasks keep their own schedule, so they go on scraping the
 * known targets while discovery fails (a catalog outage). When discovery
 * added targets (the first cycle of a new installation, a new entity) it
 * triggers the shard tasks, which pulls their next run forward instead of
 * leaving the new targets unscraped for up to one interval.
 */
export async function scheduleScrapeTasks(options: {
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  shards: number;
  pool: ScrapePool;
  logger: LoggerService;
  /** Records how long every run took, by task id. */
  metrics?: PeriskopMetrics;
}): Promise<void> {
  const { scheduler, schedule, shards, pool, logger } = options;
  const timed = timedTask(options.metrics ?? noopPeriskopMetrics);
  if (shards <= 1) {
    await scheduler.scheduleTask({
      id: SCRAPE_TASK_ID,
      ...schedule,
      fn: timed(SCRAPE_TASK_ID, async signal => {
        await pool.scrapeAll({ signal });
      }),
    });
    return;
  }

  const shardIds: string[] = [];
  for (let index = 0; index < shards; index++) {
    const shard = { index, count: shards };
    shardIds.push(shardTaskId(shard));
    await scheduler.scheduleTask({
      id: shardTaskId(shard),
      ...schedule,
      fn: timed(shardTaskId(shard), async signal => {
        await pool.scrapeShard({ signal, shard });
      }),
    });
  }

  // scheduled after the shard tasks, so that it never triggers a missing one
  await scheduler.scheduleTask({
    id: DISCOVERY_TASK_ID,
    ...schedule,
    fn: timed(DISCOVERY_TASK_ID, async signal => {
      const { summary } = await pool.discoverTargets({ signal });
      logger.info(
        `Periskop discovery: ${summary.targets} targets (${summary.added} added, ${summary.removed} removed, ${summary.updated} updated) in ${summary.durationMs}ms`,
        { ...summary },
      );
      if (summary.added > 0) {
        await Promise.all(
          shardIds.map(id => triggerShard(scheduler, id, logger)),
        );
      }
    }),
  });
}

async function triggerShard(
  scheduler: SchedulerService,
  id: string,
  logger: LoggerService,
): Promise<void> {
  try {
    await scheduler.triggerTask(id);
  } catch (error) {
    // a shard that is running now reads the stored list on its next run
    if (isError(error) && error.name === 'ConflictError') {
      return;
    }
    logger.warn(`Could not trigger the Periskop scrape task ${id}`, {
      error: String(error),
    });
  }
}

import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from '../aggregation';
import { IngestStore, PushIngestStore, PushRecord } from '../database';
import { componentEntity } from '../__testUtils__/componentEntity';
import { generatePushKey, hashPushKey } from './pushKeys';
import { PushReceiver } from './PushReceiver';

const REF = 'component:default/nightly';

function setup(apply: IngestStore['applyInstanceScrape']) {
  const entity = componentEntity('nightly');
  entity.metadata.annotations = { 'periskop.io/service-name': 'nightly-job' };
  const pushes: jest.Mocked<PushIngestStore> = {
    findPushKeyEntity: jest.fn(
      async (_keyHash: string) => REF as string | undefined,
    ),
    recordPush: jest.fn(async (_push: PushRecord) => {}),
  };
  const logger = mockServices.logger.mock();
  const receiver = new PushReceiver({
    apply: {
      store: { applyInstanceScrape: apply } as unknown as IngestStore,
      redaction: new Redaction(DEFAULT_REDACTION_SETTINGS),
    },
    pushes,
    catalog: catalogServiceMock({ entities: [entity] }),
    auth: mockServices.auth(),
    maxKeys: 100,
    logger,
    now: () => 1_800_000_000_000,
  });
  return { receiver, pushes, logger };
}

/** Counts as a first scrape of the instance would: every count is new. */
const firstApply: IngestStore['applyInstanceScrape'] = async scrape => {
  const update = scrape.compute({
    countersDigest: null,
    lastCounts: new Map(),
  });
  return {
    newOccurrences: update?.newOccurrences ?? 0,
    groupsChanged: update?.groups.length ?? 0,
    foldedKeys: 0,
    limitNotice: null,
  } as Awaited<ReturnType<IngestStore['applyInstanceScrape']>>;
};

describe('PushReceiver', () => {
  it('finds the entity of a key by its hash, with its service name', async () => {
    const { receiver, pushes } = setup(firstApply);
    const key = generatePushKey();
    await expect(receiver.targetOfKey(key)).resolves.toEqual({
      entityRef: REF,
      serviceName: 'nightly-job',
      keyHash: hashPushKey(key),
    });
    expect(pushes.findPushKeyEntity).toHaveBeenCalledWith(hashPushKey(key));
  });

  it('does not look up a malformed key at all', async () => {
    const { receiver, pushes } = setup(firstApply);
    await expect(receiver.targetOfKey('../../etc')).resolves.toBeUndefined();
    expect(pushes.findPushKeyEntity).not.toHaveBeenCalled();
  });

  it('counts a payload by its target_uuid and records the instance', async () => {
    const { receiver, pushes } = setup(firstApply);
    const body = Buffer.from(readClientFixture('go/01-initial.json'));
    const target = { entityRef: REF, serviceName: 'nightly-job' };
    const outcome = await receiver.receive(target, body);
    const uuid = JSON.parse(body.toString()).target_uuid;
    expect(outcome).toMatchObject({ ok: true, instanceKey: uuid });
    expect(pushes.recordPush).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: REF,
        instanceKey: uuid,
        payloadBytes: body.length,
        at: 1_800_000_000_000,
      }),
    );
  });

  it('takes a collector without target_uuid as one instance of the entity', async () => {
    const { receiver } = setup(firstApply);
    const payload = JSON.parse(readClientFixture('go/01-initial.json'));
    delete payload.target_uuid;
    const outcome = await receiver.receive(
      { entityRef: REF, serviceName: 'nightly-job' },
      Buffer.from(JSON.stringify(payload)),
    );
    expect(outcome).toMatchObject({ ok: true, instanceKey: `push:${REF}` });
  });

  it('refuses a body that is not a payload, with the reason', async () => {
    const { receiver, pushes } = setup(firstApply);
    const outcome = await receiver.receive(
      { entityRef: REF, serviceName: 'nightly-job' },
      Buffer.from('<html>'),
    );
    expect(outcome).toEqual({
      ok: false,
      reason: expect.stringMatching(/not JSON/),
    });
    expect(pushes.recordPush).not.toHaveBeenCalled();
  });

  it('answers a store failure with a 503 that shows nothing of the database', async () => {
    const { receiver, logger, pushes } = setup(async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432');
    });
    const push = receiver.receive(
      { entityRef: REF, serviceName: 'nightly-job' },
      Buffer.from(readClientFixture('python/01-initial.json')),
    );
    await expect(push).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.not.stringContaining('db.internal'),
    });
    expect(logger.error).toHaveBeenCalled();
    expect(pushes.recordPush).not.toHaveBeenCalled();
  });

  it('answers a failed key lookup with a 503, logging the error only', async () => {
    const { receiver, pushes, logger } = setup(firstApply);
    pushes.findPushKeyEntity.mockRejectedValue(
      new Error('select "entity_ref" from "push_keys" - connection lost'),
    );
    const lookup = receiver.targetOfKey(generatePushKey());
    await expect(lookup).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.not.stringContaining('push_keys'),
    });
    expect(logger.error).toHaveBeenCalled();
  });

  it('names a collector without target_uuid once, with no doubled scheme', async () => {
    const { receiver, pushes } = setup(firstApply);
    const payload = JSON.parse(readClientFixture('go/01-initial.json'));
    delete payload.target_uuid;
    await receiver.receive(
      { entityRef: REF, serviceName: 'nightly-job' },
      Buffer.from(JSON.stringify(payload)),
    );
    expect(pushes.recordPush).toHaveBeenCalledWith(
      expect.objectContaining({ instanceKey: `push:${REF}` }),
    );
  });
});

import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  andFilterSets,
  catalogFilterOfConditions,
  MAX_CATALOG_FILTER_SETS,
} from './catalogFilterOfConditions';

const rule = (
  name: string,
  params: PermissionCondition['params'],
): PermissionCondition => ({
  resourceType: 'catalog-entity',
  rule: name,
  params,
});
const owner = (...claims: string[]) => rule('IS_ENTITY_OWNER', { claims });
const kind = (...kinds: string[]) => rule('IS_ENTITY_KIND', { kinds });

describe('catalogFilterOfConditions', () => {
  it.each<[string, PermissionCondition, Record<string, unknown>]>([
    [
      'IS_ENTITY_OWNER',
      owner('user:default/alice', 'group:default/team-a'),
      { 'relations.ownedBy': ['user:default/alice', 'group:default/team-a'] },
    ],
    [
      'IS_ENTITY_KIND',
      kind('Component', 'API'),
      { kind: ['component', 'api'] },
    ],
    [
      'HAS_ANNOTATION with a value',
      rule('HAS_ANNOTATION', { annotation: 'tier', value: 'gold' }),
      { 'metadata.annotations.tier': ['gold'] },
    ],
    [
      'HAS_ANNOTATION without a value',
      rule('HAS_ANNOTATION', { annotation: 'tier' }),
      { 'metadata.annotations.tier': CATALOG_FILTER_EXISTS },
    ],
    [
      'HAS_LABEL',
      rule('HAS_LABEL', { label: 'pci' }),
      { 'metadata.labels.pci': CATALOG_FILTER_EXISTS },
    ],
    [
      'HAS_METADATA',
      rule('HAS_METADATA', { key: 'namespace', value: 'payments' }),
      { 'metadata.namespace': ['payments'] },
    ],
    [
      'HAS_SPEC',
      rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }),
      { 'spec.lifecycle': ['production'] },
    ],
  ])('writes %s as the catalog does', (_name, condition, expected) => {
    expect(catalogFilterOfConditions(condition)).toEqual([expected]);
  });

  it('ORs anyOf and multiplies allOf out into sets', () => {
    expect(
      catalogFilterOfConditions({
        allOf: [
          { anyOf: [owner('group:default/team-a'), kind('system')] },
          rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }),
        ],
      }),
    ).toEqual([
      {
        'relations.ownedBy': ['group:default/team-a'],
        'spec.lifecycle': ['production'],
      },
      { kind: ['system'], 'spec.lifecycle': ['production'] },
    ]);
  });

  it('merges a key asked twice when one only asks that it exists, or both ask the same', () => {
    expect(
      catalogFilterOfConditions({
        allOf: [
          rule('HAS_ANNOTATION', { annotation: 'tier' }),
          rule('HAS_ANNOTATION', { annotation: 'tier', value: 'gold' }),
          kind('Component'),
          kind('component'),
        ],
      }),
    ).toEqual([{ 'metadata.annotations.tier': ['gold'], kind: ['component'] }]);
  });

  it('drops sets that no entity can meet', () => {
    expect(catalogFilterOfConditions(owner())).toEqual([]);
    expect(
      catalogFilterOfConditions({ anyOf: [owner(), kind('component')] }),
    ).toEqual([{ kind: ['component'] }]);
  });

  it.each<[string, PermissionCriteria<PermissionCondition>]>([
    ['a negation', { not: owner('group:default/team-a') }],
    ['a negation inside', { anyOf: [kind('component'), { not: kind('api') }] }],
    ['a custom rule', rule('IS_ON_CALL', { rota: 'payments' })],
    ['unexpected parameters', rule('IS_ENTITY_OWNER', { claims: 'team-a' })],
    [
      'one key with two different values',
      { allOf: [owner('group:default/a'), owner('group:default/b')] },
    ],
    [
      'a value the filter syntax cannot carry',
      rule('HAS_ANNOTATION', { annotation: 'a', value: 'x,y=z' }),
    ],
    [
      'too many sets',
      {
        allOf: [
          { anyOf: Array.from({ length: 5 }, (_, i) => kind(`k${i}`)) },
          {
            anyOf: Array.from({ length: 5 }, (_, i) =>
              rule('HAS_LABEL', { label: `l${i}` }),
            ),
          },
        ] as any,
      },
    ],
  ])(
    'cannot write %s (the caller asks entity by entity)',
    (_name, criteria) => {
      expect(catalogFilterOfConditions(criteria)).toBeUndefined();
    },
  );

  it(`allows up to ${MAX_CATALOG_FILTER_SETS} sets`, () => {
    const kinds = Array.from({ length: MAX_CATALOG_FILTER_SETS }, (_, i) =>
      kind(`k${i}`),
    );
    expect(catalogFilterOfConditions({ anyOf: kinds as any })).toHaveLength(
      MAX_CATALOG_FILTER_SETS,
    );
  });
});

describe('andFilterSets', () => {
  it('keeps the values where the other side only asks that the key exists', () => {
    expect(
      andFilterSets(
        { 'metadata.annotations.periskop.io/targets': CATALOG_FILTER_EXISTS },
        {
          'Metadata.Annotations.periskop.io/targets': ['http://a'],
          kind: ['x'],
        },
      ),
    ).toEqual({
      'Metadata.Annotations.periskop.io/targets': ['http://a'],
      kind: ['x'],
    });
  });
});

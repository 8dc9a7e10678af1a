import { InputError } from '@backstage/errors';
import { parseEntityRef } from './parseEntityRef';
import { parseErrorId } from './parseErrorId';
import { parseNoQuery } from './parseNoQuery';

describe('path and empty query parsers', () => {
  it('turns entity path parameters into a ref', () => {
    expect(
      parseEntityRef({ namespace: 'default', kind: 'Component', name: 'api' }),
    ).toBe('component:default/api');
  });

  it('rejects an entity name that is too long', () => {
    expect(() =>
      parseEntityRef({
        namespace: 'default',
        kind: 'component',
        name: 'x'.repeat(254),
      }),
    ).toThrow(InputError);
  });

  it('reads an error id and rejects what cannot be one', () => {
    expect(parseErrorId({ id: '42' })).toBe(42);
    for (const id of ['0', '-1', 'abc', '1.5', '1234567890123456']) {
      expect(() => parseErrorId({ id })).toThrow(
        new InputError(
          'Invalid path parameter "id": must be a positive whole number',
        ),
      );
    }
  });

  it('rejects query parameters where none are taken', () => {
    expect(() => parseNoQuery({})).not.toThrow();
    expect(() => parseNoQuery({ a: '1', b: '2' })).toThrow(
      new InputError('Unknown query parameters "a", "b"'),
    );
  });
});

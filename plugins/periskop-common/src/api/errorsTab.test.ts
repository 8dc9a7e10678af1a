import { defaultErrorsTabPath } from './errorsTab';

describe('defaultErrorsTabPath', () => {
  it('is the Errors tab below the default entity route, kind and namespace lower-cased as the catalog routes them', () => {
    expect(defaultErrorsTabPath('Component:Default/api-auth')).toBe(
      '/catalog/default/component/api-auth/errors',
    );
  });

  it('selects one error with the tab query parameter', () => {
    expect(defaultErrorsTabPath('component:default/api-auth', '42')).toBe(
      '/catalog/default/component/api-auth/errors?errorId=42',
    );
  });

  it('encodes what a path segment cannot hold', () => {
    expect(defaultErrorsTabPath('component:team a/svc#1', '7')).toBe(
      '/catalog/team%20a/component/svc%231/errors?errorId=7',
    );
  });
});

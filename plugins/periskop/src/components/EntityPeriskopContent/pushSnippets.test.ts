import { pushSnippets } from './pushSnippets';

describe('pushSnippets', () => {
  it('fills the push URL into the push call of each client', () => {
    const url = 'https://backstage.example.com/api/periskop/push/pk_abc';
    expect(pushSnippets(url).map(s => s.code)).toEqual([
      `exporter.PushToGateway("${url}")`,
      `exporter.push_to_gateway("${url}")`,
      `await pushToGateway(exporter, '${url}');`,
    ]);
  });

  it('keeps the literals valid whatever the URL holds', () => {
    const [go, python, node] = pushSnippets(`http://h/p/a'b"c\\d`);
    expect(go.code).toBe('exporter.PushToGateway("http://h/p/a\'b\\"c\\\\d")');
    expect(python.code).toBe(
      'exporter.push_to_gateway("http://h/p/a\'b\\"c\\\\d")',
    );
    // evaluates back to the URL
    const literal = node.code.slice(
      'await pushToGateway(exporter, '.length,
      -2,
    );
    // eslint-disable-next-line no-new-func
    expect(new Function(`return ${literal}`)()).toBe(`http://h/p/a'b"c\\d`);
  });
});

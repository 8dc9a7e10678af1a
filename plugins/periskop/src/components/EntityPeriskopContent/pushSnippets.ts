/** How one Periskop client pushes to a push URL. */
export interface PushSnippet {
  /** The client library, as its users know it. */
  client: string;
  /** Language id for syntax highlighting. */
  language: 'go' | 'python' | 'javascript';
  /** One call, with the URL in it, to paste at the end of a job. */
  code: string;
}

/** A double-quoted literal; valid Go and Python for any URL. */
function doubleQuoted(text: string): string {
  return JSON.stringify(text);
}

/** A single-quoted JavaScript literal, as the Node examples write strings. */
function singleQuoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The push call of each Periskop client, with the URL filled in. Every
 * client takes the address of a push gateway and posts to `<addr>/errors`;
 * the push URL is such an address, with the entity's key in its path
 * because the clients cannot send headers.
 */
export function pushSnippets(pushUrl: string): PushSnippet[] {
  return [
    {
      client: 'Go (periskop-go)',
      language: 'go',
      code: `exporter.PushToGateway(${doubleQuoted(pushUrl)})`,
    },
    {
      client: 'Python (periskop-python)',
      language: 'python',
      code: `exporter.push_to_gateway(${doubleQuoted(pushUrl)})`,
    },
    {
      client: 'Node.js (@periskop-backstage/periskop-client)',
      language: 'javascript',
      code: `await pushToGateway(exporter, ${singleQuoted(pushUrl)});`,
    },
  ];
}

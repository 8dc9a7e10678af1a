import fs from 'node:fs';
import path from 'node:path';

const FIXTURES = path.join('shared', 'fixtures', 'periskop-clients');

/**
 * Finds the payloads captured from the real Periskop clients
 * (`shared/fixtures/periskop-clients`, which sits beside the repository) by
 * walking up from this file. Throws when they cannot be found.
 *
 * Node.js only; for tests.
 *
 * @public
 */
export function findClientFixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, FIXTURES);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `Periskop client fixtures not found: no ${FIXTURES} in any parent directory of ${__dirname}`,
      );
    }
    dir = parent;
  }
}

/**
 * Reads one client fixture as text, e.g. `go/01-initial.json`.
 *
 * @public
 */
export function readClientFixture(name: string): string {
  return fs.readFileSync(path.join(findClientFixturesDir(), name), 'utf8');
}

/**
 * Every client fixture, as paths relative to the fixtures folder
 * (`go/01-initial.json`, ...), sorted.
 *
 * @public
 */
export function listClientFixtures(): string[] {
  const dir = findClientFixturesDir();
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(entry =>
      fs
        .readdirSync(path.join(dir, entry.name))
        .filter(file => file.endsWith('.json'))
        .map(file => `${entry.name}/${file}`),
    )
    .sort();
}

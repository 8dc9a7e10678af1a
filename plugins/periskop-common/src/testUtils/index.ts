/**
 * Node.js-only helpers for tests of the Periskop packages.
 *
 * @packageDocumentation
 */
export {
  findClientFixturesDir,
  listClientFixtures,
  readClientFixture,
} from './clientFixtures';

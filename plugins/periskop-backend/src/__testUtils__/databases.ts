import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

// No Docker here: only the servers given by connection strings are used.
process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';

/**
 * The databases the backend tests run on: SQLite always, PostgreSQL and
 * MySQL/MariaDB when their connection strings are set
 * (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
 * BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING).
 */
export function testDatabaseIds(): TestDatabaseId[] {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
    ids.push('POSTGRES_15');
  }
  if (process.env.BACKSTAGE_TEST_DATABASE_MYSQL8_CONNECTION_STRING) {
    ids.push('MYSQL_8');
  }
  return ids;
}

/** `TestDatabases` over {@link testDatabaseIds}. */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: testDatabaseIds() });
}

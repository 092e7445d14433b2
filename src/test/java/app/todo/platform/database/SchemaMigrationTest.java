package app.todo.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line a migration logs, from what Flyway's MigrateResult holds (its target version is null when it applied nothing). */
class SchemaMigrationTest {

    @Test
    void aCurrentSchemaSaysItsVersionNotNull() {
        assertEquals("Schema current at version 2 (no migration applied)", SchemaMigration.outcome("2", null, 0));
    }

    @Test
    void aMigrationSaysFromWhereToWhere() {
        assertEquals("Schema migrated from an empty database to version 2 (2 migrations applied)",
                SchemaMigration.outcome(null, "2", 2));
        assertEquals("Schema migrated from version 1 to version 2 (1 migration applied)",
                SchemaMigration.outcome("1", "2", 1));
    }
}

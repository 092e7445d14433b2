package app.todo.identity.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import app.todo.identity.revocation.RevocationSync.Mode;

/** The revocation sync mode from the database's own metadata (issue 18 item 3), without a server. */
class SyncChoiceTest {

    @Test
    void postgresqlWhoseDriverConnectionIsReachableListens() {
        assertEquals(Mode.LISTEN, RevocationSync.choose("PostgreSQL", "jdbc:postgresql://db:5432/todo", true).mode());
    }

    @Test
    void postgresqlWhoseDriverConnectionIsNotReachablePolls() {
        RevocationSync.Choice choice = RevocationSync.choose("PostgreSQL", "jdbc:postgresql://db:5432/todo", false);
        assertEquals(Mode.POLL, choice.mode());
    }

    @Test
    void postgresqlIsRecognisedByProductNameNotByUrl() {
        // a datasource defined in the server may hide its URL (null) or use another form; the product name decides
        assertEquals(Mode.LISTEN, RevocationSync.choose("PostgreSQL", null, true).mode());
    }

    @Test
    void h2EmbeddedInThisProcessIsLocal() {
        assertEquals(Mode.LOCAL, RevocationSync.choose("H2", "jdbc:h2:/work/data/todo;MODE=LEGACY", false).mode());
        assertEquals(Mode.LOCAL, RevocationSync.choose("H2", "jdbc:h2:file:./data/todo", false).mode());
        assertEquals(Mode.LOCAL, RevocationSync.choose("H2", "jdbc:h2:mem:todo", false).mode());
    }

    @Test
    void h2ThatOtherProcessesCanReachPolls() {
        assertEquals(Mode.POLL, RevocationSync.choose("H2", "jdbc:h2:tcp://db:9092/todo", false).mode());
        assertEquals(Mode.POLL, RevocationSync.choose("H2", "jdbc:h2:ssl://db:9092/todo", false).mode());
        assertEquals(Mode.POLL, RevocationSync.choose("H2", "jdbc:h2:./data/todo;AUTO_SERVER=TRUE", false).mode());
        assertEquals(Mode.POLL, RevocationSync.choose("H2", "jdbc:h2:./data/todo;auto_server=true;MODE=LEGACY", false).mode());
    }

    @Test
    void h2WithoutAUrlPolls() {
        assertEquals(Mode.POLL, RevocationSync.choose("H2", null, false).mode());
    }

    @Test
    void anyOtherDatabasePolls() {
        assertEquals(Mode.POLL, RevocationSync.choose("MariaDB", "jdbc:mariadb://db/todo", false).mode());
        assertEquals(Mode.POLL, RevocationSync.choose(null, null, false).mode());
    }

    @Test
    void theReasonNamesWhatWasFound() {
        assertEquals("PostgreSQL LISTEN/NOTIFY on " + RevocationStore.CHANNEL,
                RevocationSync.choose("PostgreSQL", null, true).why());
    }
}

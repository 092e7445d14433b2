package app.todo.identity.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.todo.support.MutableClock;

/**
 * The store's SQL on H2 in PostgreSQL mode, as the embedded pool runs it, with the real Flyway migrations; the
 * purge driven by a clock. (On PostgreSQL the same statements run in RevocationIT and RevocationNodesIT.)
 */
class RevocationStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00.500Z"));
    private JdbcDataSource dataSource;
    private RevocationStore store;

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:revocations-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        store = new RevocationStore(dataSource);
    }

    private RevocationView loaded() throws Exception {
        RevocationView view = new RevocationView();
        store.loadInto(view, clock.instant());
        return view;
    }

    @Test
    void whatIsStoredLoadsIntoAFreshView() throws Exception {
        Instant now = clock.instant();
        store.revokeToken("alice", "jti:t-1", now.plusSeconds(600), now);
        store.revokeToken("alice", "jti:t-1", now.plusSeconds(600), now); // twice: harmless
        store.signOut("bob", now.getEpochSecond(), now.plus(Duration.ofHours(24)));
        RevocationView view = loaded();
        assertEquals(1, view.revokedTokens());
        assertEquals(1, view.signOuts());
    }

    @Test
    void aLaterSignOutReplacesAnEarlierOneAndNeverTheReverse() throws Exception {
        long second = clock.instant().getEpochSecond();
        store.signOut("bob", second, clock.instant().plus(Duration.ofHours(24)));
        store.signOut("bob", second - 100, clock.instant().plus(Duration.ofHours(23)));
        assertEquals(second, revokedBefore("bob"));
        store.signOut("bob", second + 5, clock.instant().plus(Duration.ofHours(25)));
        assertEquals(second + 5, revokedBefore("bob"));
    }

    @Test
    void thePurgeDeletesExactlyTheRowsPastTheirTime() throws Exception {
        Instant now = clock.instant();
        store.revokeToken("alice", "jti:short", now.plusSeconds(60), now);
        store.revokeToken("alice", "jti:long", now.plusSeconds(900), now);
        store.signOut("bob", now.getEpochSecond(), now.plusSeconds(120));
        assertEquals(0, store.purge(clock.instant()), "nothing is past its time yet");

        clock.advance(Duration.ofSeconds(61));
        assertEquals(1, store.purge(clock.instant()), "the first token is past exp + leeway");
        RevocationView view = loaded();
        assertEquals(1, view.revokedTokens());
        assertEquals(1, view.signOuts());

        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, store.purge(clock.instant()), "the sign-out is past every token it could refuse");
        clock.advance(Duration.ofSeconds(900));
        assertEquals(1, store.purge(clock.instant()));
        assertEquals(0, count("revoked_tokens") + count("user_sign_outs"));
    }

    @Test
    void expiredRowsNotYetPurgedAreNotLoaded() throws Exception {
        Instant now = clock.instant();
        store.revokeToken("alice", "jti:short", now.plusSeconds(60), now);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, loaded().revokedTokens());
    }

    private long revokedBefore(String user) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT revoked_before FROM user_sign_outs WHERE user_id = '" + user + "'")) {
            assertTrue(row.next());
            return row.getObject(1, java.time.OffsetDateTime.class).toEpochSecond();
        }
    }

    private int count(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getInt(1);
        }
    }
}

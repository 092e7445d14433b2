package app.todo.identity.revocation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

/**
 * The revocations in the database (db/migration/V2__revocations.sql; docs/architecture.md, "Storage"), on PostgreSQL
 * or H2 alike. Every statement names the user id. On PostgreSQL each write also sends a {@code NOTIFY} on
 * {@link #CHANNEL} in the same transaction, so other nodes learn it when, and only when, it is committed. Every
 * method throws {@link SQLException} as the driver or the pool raised it (an unreachable database: 503).
 *
 * @param dataSource the service's pool (jdbc/todo, through the circuit breaker)
 */
public record RevocationStore(DataSource dataSource) {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "todo_revocations";
    /** Two nodes inserting the same row at once: the write is tried once more. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String REVOKE_TOKEN = """
            MERGE INTO revoked_tokens t
            USING (SELECT CAST(? AS VARCHAR(128)) AS user_id, CAST(? AS VARCHAR(255)) AS token_key,
                          CAST(? AS TIMESTAMP WITH TIME ZONE) AS expires_at,
                          CAST(? AS TIMESTAMP WITH TIME ZONE) AS revoked_at) s
            ON t.user_id = s.user_id AND t.token_key = s.token_key
            WHEN MATCHED AND t.expires_at < s.expires_at THEN UPDATE SET expires_at = s.expires_at
            WHEN NOT MATCHED THEN INSERT (user_id, token_key, expires_at, revoked_at)
                VALUES (s.user_id, s.token_key, s.expires_at, s.revoked_at)""";
    private static final String SIGN_OUT = """
            MERGE INTO user_sign_outs t
            USING (SELECT CAST(? AS VARCHAR(128)) AS user_id, CAST(? AS TIMESTAMP WITH TIME ZONE) AS revoked_before,
                          CAST(? AS TIMESTAMP WITH TIME ZONE) AS keep_until) s
            ON t.user_id = s.user_id
            WHEN MATCHED AND t.revoked_before < s.revoked_before THEN
                UPDATE SET revoked_before = s.revoked_before, keep_until = s.keep_until
            WHEN NOT MATCHED THEN INSERT (user_id, revoked_before, keep_until)
                VALUES (s.user_id, s.revoked_before, s.keep_until)""";

    /**
     * Stores that the token with this revocation key, of this user, is refused until {@code until} (its exp +
     * leeway). Storing it again is harmless (the later until stays).
     */
    public void revokeToken(String userId, String tokenKey, Instant until, Instant now) throws SQLException {
        write(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(REVOKE_TOKEN)) {
                merge.setString(1, userId);
                merge.setString(2, tokenKey);
                merge.setObject(3, utc(until));
                merge.setObject(4, utc(now));
                merge.executeUpdate();
            }
            return "t\t" + until.toEpochMilli() + "\t" + userId + "\t" + tokenKey; // RevocationView.apply
        });
    }

    /**
     * Stores that every token of this user issued at or before {@code epochSecond} is refused, keeping the row until
     * {@code keepUntil} (that second + longest token lifetime + leeway). An earlier sign-out never replaces a later one.
     */
    public void signOut(String userId, long epochSecond, Instant keepUntil) throws SQLException {
        write(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(SIGN_OUT)) {
                merge.setString(1, userId);
                merge.setObject(2, utc(Instant.ofEpochSecond(epochSecond)));
                merge.setObject(3, utc(keepUntil));
                merge.executeUpdate();
            }
            return "s\t" + epochSecond + "\t" + userId; // RevocationView.apply
        });
    }

    /** Writes and returns the notice for other nodes. */
    private interface Write {
        String apply(Connection connection) throws SQLException;
    }

    private void write(Write write) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    String notice = write.apply(connection);
                    if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                        try (PreparedStatement send = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                            send.setString(1, CHANNEL);
                            send.setString(2, notice);
                            send.executeQuery().close();
                        }
                    }
                    connection.commit();
                    return;
                } catch (SQLException | RuntimeException e) {
                    quietly(connection::rollback);
                    if (attempt == 1 && e instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                        continue; // now it is an update
                    }
                    throw e;
                } finally {
                    quietly(() -> connection.setAutoCommit(autoCommit));
                }
            }
        }
    }

    /**
     * Reads every revocation still in force at {@code now} into the view (merging: nothing the view holds is lost).
     *
     * @return rows read
     */
    public int loadInto(Connection connection, RevocationView view, Instant now) throws SQLException {
        int rows = 0;
        try (PreparedStatement tokens = connection.prepareStatement(
                "SELECT user_id, token_key, expires_at FROM revoked_tokens WHERE expires_at >= ?")) {
            tokens.setObject(1, utc(now));
            try (ResultSet row = tokens.executeQuery()) {
                while (row.next()) {
                    view.revoke(row.getString(1), row.getString(2),
                            row.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli());
                    rows++;
                }
            }
        }
        try (PreparedStatement signOuts = connection.prepareStatement(
                "SELECT user_id, revoked_before FROM user_sign_outs WHERE keep_until >= ?")) {
            signOuts.setObject(1, utc(now));
            try (ResultSet row = signOuts.executeQuery()) {
                while (row.next()) {
                    view.signOut(row.getString(1), row.getObject(2, OffsetDateTime.class).toEpochSecond());
                    rows++;
                }
            }
        }
        return rows;
    }

    /** The same on a connection of the pool. */
    public int loadInto(RevocationView view, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return loadInto(connection, view, now);
        }
    }

    /**
     * Deletes the rows that can no longer refuse a token: revoked tokens whose exp + leeway is before {@code now},
     * sign-outs whose keep-until is before {@code now}.
     *
     * @return rows deleted
     */
    public int purge(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int deleted = 0;
            try (PreparedStatement tokens = connection.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at < ?")) {
                tokens.setObject(1, utc(now));
                deleted += tokens.executeUpdate();
            }
            try (PreparedStatement signOuts = connection.prepareStatement("DELETE FROM user_sign_outs WHERE keep_until < ?")) {
                signOuts.setObject(1, utc(now));
                deleted += signOuts.executeUpdate();
            }
            return deleted;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private interface Step {
        void run() throws SQLException;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (SQLException e) {
            // the connection is gone; the pool replaces it
        }
    }
}

package app.todo.identity.revocation;

import java.util.Locale;

/**
 * How a node learns the revocations of other nodes, decided from the database behind the container's
 * {@code jdbc/todo} (its own JDBC metadata, never an environment variable), so the answer is the same whatever
 * server defines the datasource (issue 18):
 * <ul>
 * <li>PostgreSQL whose driver connection the application can reach ({@code unwrap} to pgjdbc's
 *     {@code PGConnection}): {@link RevocationSync.Mode#LISTEN}, LISTEN/NOTIFY on a connection of that pool;</li>
 * <li>an H2 database embedded in this process ({@code jdbc:h2:mem:}, or a file without {@code AUTO_SERVER}, which
 *     H2 locks to one process): {@link RevocationSync.Mode#LOCAL}, nobody else can write to it;</li>
 * <li>anything else (PostgreSQL without a reachable driver connection, H2 as a server or with AUTO_SERVER,
 *     another database): {@link RevocationSync.Mode#POLL}, every second, never a single-node view of a database
 *     other processes may share.</li>
 * </ul>
 *
 * @param mode the mode
 * @param why  one line for the log and readiness
 */
public record SyncChoice(RevocationSync.Mode mode, String why) {

    /**
     * @param productName {@code DatabaseMetaData.getDatabaseProductName()}
     * @param url         {@code DatabaseMetaData.getURL()}, or null when the driver does not say
     * @param listenable  whether the connection unwraps to pgjdbc's {@code PGConnection}
     */
    public static SyncChoice of(String productName, String url, boolean listenable) {
        String product = productName == null ? "" : productName.strip();
        if (product.equalsIgnoreCase("PostgreSQL")) {
            return listenable
                    ? new SyncChoice(RevocationSync.Mode.LISTEN, "PostgreSQL LISTEN/NOTIFY on " + RevocationStore.CHANNEL)
                    : new SyncChoice(RevocationSync.Mode.POLL, "PostgreSQL, but its driver's PGConnection is not "
                            + "reachable from the application (class loading or a wrapper): polling every second");
        }
        if (product.equalsIgnoreCase("H2") && embeddedH2(url)) {
            return new SyncChoice(RevocationSync.Mode.LOCAL, "H2 embedded in this process: one node, in memory");
        }
        return new SyncChoice(RevocationSync.Mode.POLL, (product.isEmpty() ? "an unnamed database" : product)
                + " that other processes may share: polling every second");
    }

    /** {@code jdbc:h2:mem:…}, {@code jdbc:h2:file:…} or {@code jdbc:h2:<path>}, without AUTO_SERVER. */
    static boolean embeddedH2(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")) {
            return false;
        }
        return !lower.replace(" ", "").contains(";auto_server=true");
    }
}

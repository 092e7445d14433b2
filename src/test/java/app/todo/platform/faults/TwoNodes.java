package app.todo.platform.faults;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.todo.support.OperatorProcess;
import app.todo.support.PostgresCluster;

/**
 * The fault tests' fixture: a PostgreSQL cluster of their own and two nodes of the operator command on it (the
 * server of this run: Payara Micro, or WildFly in the execution {@code wildfly-faults}), started at once; their
 * files in a new folder under target/faults.
 */
final class TwoNodes implements AutoCloseable {

    /**
     * Two starts at once (and a restart beside a running node) on a shared 2-core machine: a Payara start took more
     * than 300 s with the load average at 35-40 (2026-12-04).
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);

    final PostgresCluster database;
    final List<OperatorProcess> nodes;
    final Path folder;

    private TwoNodes(PostgresCluster database, List<OperatorProcess> nodes, Path folder) {
        this.database = database;
        this.nodes = new ArrayList<>(nodes);
        this.folder = folder;
    }

    static TwoNodes start(String name) throws Exception {
        // Readable by others: the cluster below it runs as the postgres user when the build runs as root.
        Path folder = Files.createDirectories(Path.of("target", "faults", server() + "-" + name + "-"
                + System.currentTimeMillis())).toAbsolutePath();
        PostgresCluster database = PostgresCluster.create(folder.resolve("postgresql"));
        try {
            return new TwoNodes(database, OperatorProcess.startTogether(database.operatorEnv(),
                    List.of(folder.resolve("node-a"), folder.resolve("node-b")), START_TIMEOUT), folder);
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    /** The nodes' base URLs, in order (a restarted node keeps its port). */
    List<URI> bases() {
        return nodes.stream().map(OperatorProcess::base).toList();
    }

    @Override
    public void close() throws Exception {
        for (OperatorProcess node : nodes) {
            node.close();
        }
        database.close();
    }

    static String server() {
        return OperatorProcess.Server.current().name().toLowerCase(Locale.ROOT);
    }
}

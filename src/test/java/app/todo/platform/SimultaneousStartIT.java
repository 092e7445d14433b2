package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.todo.support.Await;
import app.todo.support.Http;
import app.todo.support.OperatorProcess;
import app.todo.support.TaskClient;
import app.todo.support.Tokens;

/**
 * Two nodes started at the same moment on an empty PostgreSQL database, as two new pods of a Deployment do on a
 * fresh database (docs/deployment.md#kubernetes): both become ready and serve, and the schema is migrated once
 * (Flyway's lock: every version once in {@code flyway_schema_history}, every migration applied by one node only).
 * Readiness and liveness are asked on the paths of the Kubernetes Deployment's own probes (deploy/kubernetes).
 *
 * <p>Only on PostgreSQL (TODO_DB_URL, as in CI): the embedded H2 database serves one node. The test makes its own
 * empty database beside TODO_DB_URL's (the user needs CREATEDB, as CI's has) and drops it afterwards.
 */
class SimultaneousStartIT {

    /** SchemaMigration's record: "Schema current at version 2 (no migration applied)" or "Schema migrated from an
     *  empty database to version 2 (2 migrations applied)". */
    private static final Pattern APPLIED = Pattern.compile("Schema (?:current at version (\\S+) \\(no migration applied\\)"
            + "|migrated from [^()]*? to version (\\S+) \\((\\d+) migrations? applied\\))");

    /** Two Payara starts at once on a shared 2-core machine; the Deployment's startup probe allows 180 s. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path root;

    @Test
    void twoNodesStartedTogetherOnAnEmptyDatabaseBothServeAndTheSchemaIsMigratedOnce() throws Exception {
        String url = System.getenv("TODO_DB_URL");
        Assumptions.assumeTrue(url != null && url.startsWith("jdbc:postgresql:"),
                "two nodes on one database need PostgreSQL (TODO_DB_URL); the embedded H2 database serves one node");
        String user = System.getenv().getOrDefault("TODO_DB_USER", "todo");
        String password = System.getenv().getOrDefault("TODO_DB_PASSWORD", "");
        String database = "todo_simultaneous_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        URI server = URI.create(url.substring("jdbc:".length()));
        String emptyUrl = "jdbc:postgresql://" + server.getRawAuthority() + "/" + database
                + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
        execute(url, user, password, "CREATE DATABASE " + database);
        try {
            Map<String, String> env = new HashMap<>(Map.of("BETTER_AUTH_SECRET", Tokens.SECRET,
                    "TODO_DB_URL", emptyUrl, "TODO_DB_USER", user, "TODO_DB_PASSWORD", password));
            List<OperatorProcess> nodes = OperatorProcess.startTogether(env,
                    List.of(root.resolve("node-a"), root.resolve("node-b")), START_TIMEOUT);
            try {
                assertBothServe(nodes.get(0), nodes.get(1));
                assertMigratedOnce(emptyUrl, user, password, nodes);
            } finally {
                for (OperatorProcess node : nodes) {
                    node.close();
                }
            }
        } finally {
            execute(url, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void assertBothServe(OperatorProcess a, OperatorProcess b) throws Exception {
        JsonObject container = KubernetesManifestsTest.container(KubernetesManifestsTest.deployment("production"));
        List<String> probes = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            probes.add(container.getJsonObject(probe).getJsonObject("httpGet").getString("path"));
        }
        for (OperatorProcess node : List.of(a, b)) {
            Http http = new Http(node.base());
            for (String path : probes) {
                // Readiness may still be settling right after "ready in".
                AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
                Await.awaitUntil(() -> {
                    answer.set(http.get(path, null));
                    return answer.get().statusCode() == 200;
                }, Duration.ofSeconds(30), () -> node.base() + path + ": " + answer.get().statusCode() + " " + answer.get().body());
            }
        }
        TaskClient onA = TaskClient.newUser(new Http(a.base()));
        TaskClient onB = new TaskClient(new Http(b.base()), onA.userId());
        HttpResponse<String> created = onA.post(onA.tasksPath(), "{\"title\":\"made on A\"}");
        assertEquals(201, created.statusCode(), created::body);
        String id = Http.json(created).getString("id");
        HttpResponse<String> read = onB.get(onB.tasksPath() + "/" + id);
        assertEquals(200, read.statusCode(), read::body);
        assertEquals("made on A", Http.json(read).getString("title"));
        assertEquals(201, onB.post(onB.tasksPath(), "{\"title\":\"made on B\"}").statusCode());
        assertEquals(2, Http.structure(onA.get(onA.tasksPath()).body()).asJsonArray().size(), "A lists both");
    }

    private static void assertMigratedOnce(String url, String user, String password, List<OperatorProcess> nodes)
            throws Exception {
        Set<String> migrations = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            files.map(f -> f.getFileName().toString()).map(n -> n.replaceFirst("^V([0-9.]+)__.*$", "$1"))
                    .forEach(migrations::add);
        }
        Map<String, Integer> applied = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT version, count(*), bool_and(success) FROM flyway_schema_history "
                     + "WHERE version IS NOT NULL GROUP BY version")) {
            while (rows.next()) {
                applied.put(rows.getString(1), rows.getInt(2));
                assertTrue(rows.getBoolean(3), "migration " + rows.getString(1) + " succeeded");
            }
        }
        Map<String, Integer> once = new TreeMap<>();
        migrations.forEach(v -> once.put(v, 1));
        assertEquals(once, applied, "each version of db/migration once in flyway_schema_history");

        int appliedByNodes = 0;
        for (OperatorProcess node : nodes) {
            Matcher m = APPLIED.matcher(node.log());
            assertTrue(m.find(), "the node brought its schema up to date");
            String version = m.group(1) != null ? m.group(1) : m.group(2);
            int byNode = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            appliedByNodes += byNode;
            System.out.printf("SIMULTANEOUS START %s: schema at version %s, %d migrations applied by this node%n",
                    node.base(), version, byNode);
        }
        assertEquals(migrations.size(), appliedByNodes, "every migration applied by one node only");
    }

    private static void execute(String url, String user, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package app.todo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The operator command of the README, started as its own process with an environment of the test's
 * choosing: for what Arquillian cannot vary per test, such as a missing secret or a restart. The server is the
 * one this test run is for ({@link Server#current()}): Payara Micro, or WildFly in the failsafe execution
 * {@code wildfly-it}.
 */
public final class OperatorProcess implements AutoCloseable {

    /** The two supported servers and how the README starts each. */
    public enum Server {
        PAYARA, WILDFLY;

        /** The system property {@code todo.server} ({@code payara}, the default, or {@code wildfly}). */
        public static Server current() {
            return valueOf(System.getProperty("todo.server", "payara").toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Server server;
    private final Process process;
    private final Path log;
    private final Path rootDir;
    private final int port;

    private final Map<String, String> env;
    private final Duration startTimeout;

    private OperatorProcess(Server server, Process process, Path log, Path rootDir, int port, Map<String, String> env,
                            Duration startTimeout) {
        this.server = server;
        this.process = process;
        this.log = log;
        this.rootDir = rootDir;
        this.port = port;
        this.env = Map.copyOf(env);
        this.startTimeout = startTimeout;
    }

    /**
     * Starts the operator command of {@link Server#current()} with exactly these environment variables (plus PATH
     * and HOME) and waits until the server says it is ready. As an operator would, it takes the PostgreSQL
     * configuration when the environment names a TODO_DB_URL, else the embedded H2 one. {@code rootDir} holds the
     * server's instance files and is reused when it exists (a restarted container): Payara Micro's
     * {@code --rootDir}; for WildFly a copy of target/wildfly's {@code standalone} folder (the WAR deployed in it),
     * its {@code jboss.server.base.dir}. The server log's format follows TODO_LOG_FORMAT (plain when unset; Payara:
     * server-config/logging-&lt;format&gt;.properties). Standard output and standard error (the server log, and the
     * access log when TODO_ACCESS_LOG is "-") go to {@link #log()}.
     */
    public static OperatorProcess start(Map<String, String> env, Path rootDir) throws IOException, InterruptedException {
        // Bounded, but for a loaded machine: on 2 cores shared by several builds a start took 223 s (2026-12-04).
        return start(env, rootDir, Duration.ofSeconds(300));
    }

    /**
     * Puts the suite's database into {@code env}: the PostgreSQL of TODO_DB_URL (with TODO_DB_USER, default postgres,
     * and TODO_DB_PASSWORD, default empty) when the suite runs with one, else the embedded H2 in {@code dataDir}.
     */
    public static Map<String, String> withSuiteDatabase(Map<String, String> env, Path dataDir) {
        String url = System.getenv("TODO_DB_URL");
        if (url != null && !url.isBlank()) {
            env.put("TODO_DB_URL", url);
            env.put("TODO_DB_USER", System.getenv().getOrDefault("TODO_DB_USER", "postgres"));
            env.put("TODO_DB_PASSWORD", System.getenv().getOrDefault("TODO_DB_PASSWORD", ""));
        } else {
            env.put("TODO_DATA_DIR", dataDir.toString());
        }
        return env;
    }

    /** {@link #start(Map, Path)}, waiting up to {@code timeout} for the server to say it is ready. */
    public static OperatorProcess start(Map<String, String> env, Path rootDir, Duration timeout)
            throws IOException, InterruptedException {
        return start(Server.current(), env, rootDir, timeout, freePort());
    }

    private static OperatorProcess start(Server server, Map<String, String> env, Path rootDir, Duration timeout, int port)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("todo-operator", ".log");
        boolean postgresql = env.containsKey("TODO_DB_URL");
        List<String> command;
        if (server == Server.WILDFLY) {
            Path home = Path.of(System.getProperty("todo.wildfly.home"));
            Path base = rootDir.resolve("standalone");
            if (!Files.exists(base)) {
                Files.createDirectories(rootDir);
                copy(home.resolve("standalone"), base);
            }
            // scripts/wildfly.sh, the README's command, on this test's own copy of the server folder.
            command = new ArrayList<>(List.of("scripts/wildfly.sh",
                    "-c", postgresql ? "standalone.xml" : "standalone-embedded.xml",
                    "-Djboss.server.base.dir=" + base));
        } else {
            Path postgresqlJar = Path.of(System.getProperty("todo.postgresqlJar"));
            command = new ArrayList<>(List.of("java", "-Duser.timezone=UTC",
                    "-Xbootclasspath/a:" + postgresqlJar.resolveSibling("todo-log.jar"),
                    "-Djava.util.logging.manager=app.todo.platform.logging.server.ServerLogManager",
                    "-jar", System.getProperty("payara.microJar"),
                    "--deploy", System.getProperty("todo.war"), "--contextroot", "/", "--port", String.valueOf(port),
                    "--nocluster", "--rootDir", rootDir.toString(),
                    "--prebootcommandfile", System.getProperty("todo.preboot"),
                    "--postbootcommandfile", postgresql ? "server-config/post-boot-commands.asadmin"
                            : "server-config/embedded/post-boot-commands.asadmin",
                    "--postdeploycommandfile", System.getProperty("todo.postdeploy"), "--shutdowngrace", "5000",
                    "--addLibs", postgresqlJar.toString(),
                    "--logproperties", "server-config/logging-" + env.getOrDefault("TODO_LOG_FORMAT", "plain") + ".properties"));
        }
        // The post-boot files name their resource files relative to the repository root.
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "JAVA_HOME"));
        builder.environment().putAll(env);
        if (server == Server.WILDFLY) {
            builder.environment().put("TODO_WILDFLY_HOME", System.getProperty("todo.wildfly.home"));
            builder.environment().put("TODO_PORT", String.valueOf(port));
            builder.environment().put("TODO_MANAGEMENT_PORT", String.valueOf(freePort()));
        }
        OperatorProcess started = new OperatorProcess(server, builder.start(), log, rootDir, port, env, timeout);
        started.awaitReady(timeout);
        return started;
    }

    /**
     * One server per folder of {@code roots}, their commands started at the same moment (as the pods of a
     * Deployment are), each as {@link #start(Map, Path, Duration)}; when one fails to start, the others are stopped
     * and its failure thrown.
     */
    public static List<OperatorProcess> startTogether(Map<String, String> env, List<Path> roots, Duration timeout)
            throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(roots.size());
        ExecutorService threads = Executors.newFixedThreadPool(roots.size());
        List<Future<OperatorProcess>> starting = new ArrayList<>();
        for (Path root : roots) {
            starting.add(threads.submit(() -> {
                barrier.await();
                return start(env, root, timeout);
            }));
        }
        threads.shutdown();
        List<OperatorProcess> started = new ArrayList<>();
        Exception failure = null;
        for (Future<OperatorProcess> node : starting) {
            try {
                started.add(node.get());
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        if (failure != null) {
            for (OperatorProcess node : started) {
                node.close();
            }
            throw failure;
        }
        return started;
    }

    /**
     * The same command again, on the same port and instance files, once this process has exited (after
     * {@link #kill()} or {@link #close()}): a restarted node or container.
     */
    public OperatorProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running: stop it first");
        }
        return start(server, env, rootDir, startTimeout, port);
    }

    /**
     * Waits for the server's "ready" record: Payara Micro's whole "Payara Micro … (build …) ready in N (ms)" record,
     * not the words "ready in" anywhere; WildFly's WFLYSRV0025 "started in", or WFLYSRV0026 "started (with errors)":
     * both once the deployment has been attempted and the HTTP listener is open.
     */
    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        try {
            Await.awaitUntil(() -> {
                String text = logText();
                if (server == Server.WILDFLY ? text.contains("WFLYSRV0025") || text.contains("WFLYSRV0026")
                        : READY.matcher(text).find()) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(server + " exited:\n" + text);
                }
                return false;
            }, timeout, server + " ready");
        } catch (AssertionError notReady) {
            close();
            throw new IllegalStateException(server + " not ready within " + timeout + ":\n" + log());
        }
    }

    private String logText() {
        try {
            return log();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.regex.Pattern READY =
            java.util.regex.Pattern.compile("Payara Micro [^\"\n]* \\(build [^)]*\\) ready in [0-9,]+ \\(ms\\)");

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The server's own configuration file as the start left it: Payara's domain.xml, WildFly's standalone XML. */
    public Path configurationFile() {
        return server == Server.WILDFLY
                ? rootDir.resolve("standalone/configuration/standalone.xml")
                : rootDir.resolve("config/domain.xml");
    }

    /** How that file refers to an environment variable instead of holding its value. */
    public String environmentReference(String variable) {
        return server == Server.WILDFLY ? "${env." + variable : "${ENV=" + variable;
    }

    /** {@code kill -9} of the server's JVM (and of the script that started it): no shutdown, no drain. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as an orchestrator stops a node; up to 30 s for the server's own graceful stop, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

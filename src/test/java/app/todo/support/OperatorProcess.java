package app.todo.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator command of the README, started as its own process with an environment of the test's
 * choosing: for what Arquillian cannot vary per test, such as a missing secret or a restart.
 */
public final class OperatorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private OperatorProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code java -jar payara-micro.jar --deploy todo-api.war ...} with exactly these environment
     * variables (plus PATH and HOME) and waits until Payara says it is ready. As an operator would, it takes
     * server-config/post-boot-commands.asadmin (PostgreSQL) when the environment names a TODO_DB_URL, else the
     * embedded H2 commands, and server-config/logging-&lt;TODO_LOG_FORMAT&gt;.properties (plain when unset). Standard
     * output and standard error (the server log, and the access log when TODO_ACCESS_LOG is "-") go to {@link #log()}.
     */
    public static OperatorProcess start(Map<String, String> env, Path rootDir) throws IOException, InterruptedException {
        return start(env, rootDir, Duration.ofSeconds(240));   // a loaded 2-core machine has taken over 3 minutes
    }

    /** {@link #start(Map, Path)}, waiting up to {@code timeout} for Payara to say it is ready. */
    public static OperatorProcess start(Map<String, String> env, Path rootDir, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("todo-operator", ".log");
        List<String> command = new ArrayList<>(List.of("java", "-Duser.timezone=UTC", "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("todo.war"), "--contextroot", "/", "--port", String.valueOf(port),
                "--nocluster", "--rootDir", rootDir.toString(),
                "--prebootcommandfile", System.getProperty("todo.preboot"),
                "--postbootcommandfile", env.containsKey("TODO_DB_URL") ? "server-config/post-boot-commands.asadmin"
                        : "server-config/embedded/post-boot-commands.asadmin",
                "--postdeploycommandfile", System.getProperty("todo.postdeploy"), "--shutdowngrace", "5000",
                "--addLibs", System.getProperty("todo.postgresqlJar"),
                "--logproperties", "server-config/logging-" + env.getOrDefault("TODO_LOG_FORMAT", "plain") + ".properties"));
        // The post-boot files name their resource files relative to the repository root.
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "JAVA_HOME"));
        builder.environment().putAll(env);
        OperatorProcess started = new OperatorProcess(builder.start(), log, port);
        started.awaitReady(timeout);
        return started;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (log().contains("ready in")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited:\n" + log());
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Payara Micro not ready within " + timeout);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package app.todo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl, on a free loopback port, its files in a folder of the
 * test's choosing) that a fault test may stop, start and freeze without touching any other database on the
 * machine. Trust authentication for the user {@code postgres} on 127.0.0.1 only. Run as the {@code postgres} user
 * (runuser) when the tests run as root, since initdb refuses root.
 */
public final class PostgresCluster implements AutoCloseable {

    /** Where Debian's and the official image's PostgreSQL 15 server binaries are; {@code TODO_PG_BIN} overrides. */
    public static final Path BIN = Path.of(System.getenv().getOrDefault("TODO_PG_BIN", "/usr/lib/postgresql/15/bin"));

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path folder;
    private final Path data;
    private final int port;
    private volatile boolean frozen;

    private PostgresCluster(Path folder, int port) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
    }

    /**
     * A new cluster in {@code folder} (emptied first), started, with an empty database {@code todo}. Skips the
     * calling test (JUnit assumption) where the server binaries are missing, or where the tests run as root and
     * there is no {@code postgres} user to run them as.
     */
    public static PostgresCluster create(Path folder) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl")),
                "PostgreSQL's server binaries (initdb, pg_ctl) are not in " + BIN + " (set TODO_PG_BIN)");
        Assumptions.assumeTrue(!root() || Files.isExecutable(Path.of("/usr/sbin/runuser")) && hasPostgresUser(),
                "running as root, but there is no runuser or no postgres user to run initdb as");
        delete(folder);
        Files.createDirectories(folder);
        PostgresCluster cluster = new PostgresCluster(folder.toAbsolutePath(), freePort());
        if (root()) {
            // initdb refuses root: the cluster's folder belongs to postgres, which must also reach it.
            for (Path p = cluster.folder.getParent(); p != null; p = p.getParent()) {
                Assumptions.assumeTrue(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE),
                        "the postgres user cannot reach " + cluster.folder + " (" + p + " is not o+x)");
            }
            run(List.of("chown", "-R", "postgres", cluster.folder.toString()), false);
        }
        cluster.pg("initdb", "-D", cluster.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        cluster.start();
        cluster.pg("psql", "-h", "127.0.0.1", "-p", String.valueOf(cluster.port), "-U", "postgres", "-q",
                "-c", "CREATE DATABASE todo");
        return cluster;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/todo";
    }

    /** The operator command's environment for this database: the test secret, TODO_DB_URL, user, no password. */
    public Map<String, String> operatorEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        env.put("TODO_DB_URL", jdbcUrl());
        env.put("TODO_DB_USER", "postgres");
        return env;
    }

    /** Whether the cluster's port takes connections (a frozen cluster's does: the kernel accepts them). */
    public boolean accepting() {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean frozen() {
        return frozen;
    }

    /** Starts the cluster and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", data.toString(), "-l", folder.resolve("postgresql.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c max_connections=100", "start");
    }

    /**
     * Stops the cluster as {@code pg_ctlcluster stop} does (fast mode: sessions ended with 57P01, a checkpoint, the
     * port closed) and waits until it has stopped.
     */
    public void stop() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /**
     * Freezes every process of the cluster (SIGSTOP): connections stay open and get no answer, new ones are
     * accepted by the kernel and never answered, as a frozen server or a network partition. {@link #thaw()} resumes.
     */
    public void freeze() throws IOException, InterruptedException {
        frozen = true;
        signal("-STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
        frozen = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        List<String> command = new ArrayList<>(List.of("kill", signal, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> command.add(String.valueOf(p.pid())));
        run(command, false);
    }

    /** Thawed if frozen, stopped (immediately), its files deleted. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (frozen) {
            thaw();
        }
        if (Files.exists(data.resolve("postmaster.pid"))) {
            pg("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop");
        }
        delete(folder);
    }

    /** One of the cluster's binaries, as the postgres user when the tests run as root; fails unless it exits 0. */
    private void pg(String binary, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(binary).toString());
        command.addAll(List.of(args));
        run(command, true);
    }

    private static void run(List<String> command, boolean inFolder) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(inFolder ? Path.of("/").toFile() : null)
                .start();
        // Every command here writes a few lines at most; read to the end so that it cannot block on a full pipe.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not end within " + COMMAND_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean hasPostgresUser() {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fault harness of docs/reliability.md: starts Payara Micro nodes of the built WAR (the operator command), on
 * loopback only, in front of PostgreSQL through a TCP proxy it can cut, puts load on them and checks what clients
 * see. Every scenario is bounded in time (about a minute, plus node starts) and stops every process it started.
 *
 * <pre>
 * mvn -B package -DskipTests
 * export TODO_DB_URL=jdbc:postgresql://127.0.0.1:5432/todo_faults TODO_DB_USER=postgres TODO_DB_PASSWORD=
 * java scripts/FaultHarness.java SCENARIO [--base-port 18581] [--writers 6]
 * </pre>
 *
 * Scenarios: {@code db-outage} (the database cut under write load, then back), {@code kill-restart} (a node killed
 * with SIGKILL under writes, restarted while /api is polled; every acknowledged write read back),
 * {@code if-match} (read-modify-write with If-Match through two nodes: no lost update), {@code rolling} (two nodes
 * behind Debian's nginx with docker/nginx.conf's upstream rules, restarted one at a time under GET and POST load),
 * {@code bad-tokens} (a flood of forged tokens: the log and the heap stay bounded), {@code all}.
 * Exit status 0 when every check held, 1 otherwise; the figures are printed as {@code figure name value} lines.
 */
public final class FaultHarness {

    static final String SECRET = "fault-harness-only-secret-0123456789abcdef";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final List<String> FAILURES = new CopyOnWriteArrayList<>();
    static final List<Node> NODES = new CopyOnWriteArrayList<>();
    static Process nginx;

    static int basePort = 18581;
    static int writers = 6;
    static Path work;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java scripts/FaultHarness.java db-outage|kill-restart|if-match|rolling|bad-tokens|all"
                    + " [--base-port N] [--writers N]");
            System.exit(2);
        }
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--base-port" -> basePort = Integer.parseInt(args[i + 1]);
                case "--writers" -> writers = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        work = Files.createDirectories(Path.of("target", "faults"));
        Runtime.getRuntime().addShutdownHook(new Thread(FaultHarness::stopAll));
        List<String> scenarios = args[0].equals("all")
                ? List.of("db-outage", "kill-restart", "if-match", "rolling", "bad-tokens") : List.of(args[0]);
        for (String scenario : scenarios) {
            System.out.println("== " + scenario);
            for (String old : List.of("node-a.log", "node-b.log", "nginx-error.log")) {
                Files.deleteIfExists(work.resolve(old));
            }
            long start = System.nanoTime();
            try {
                switch (scenario) {
                    case "db-outage" -> dbOutage();
                    case "kill-restart" -> killRestart();
                    case "if-match" -> ifMatch();
                    case "rolling" -> rolling();
                    case "bad-tokens" -> badTokens();
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            } catch (Exception e) {
                fail(scenario + ": " + e);
                e.printStackTrace();
            } finally {
                stopAll();
            }
            System.out.printf(Locale.ROOT, "figure %s.seconds %.0f%n", scenario, (System.nanoTime() - start) / 1e9);
        }
        System.out.println(FAILURES.isEmpty() ? "ALL CHECKS HELD" : "FAILED:\n  " + String.join("\n  ", FAILURES));
        System.exit(FAILURES.isEmpty() ? 0 : 1);
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Cut the database for 8 s under write load through two nodes, then restore it, twice: first refused (the
     * proxy closes every connection and its port, as a stopped PostgreSQL does), then hung (every connection open
     * but silent, new ones accepted and never answered, as a network partition or a frozen server).
     */
    static void dbOutage() throws Exception {
        try (TcpProxy proxy = new TcpProxy(databaseHost(), databasePort(), basePort + 15)) {
            Node a = Node.start("a", basePort, proxy.port());
            Node b = Node.start("b", basePort + 1, proxy.port());
            a.awaitReady(180);
            b.awaitReady(180);
            Load load = new Load(List.of(a, b), writers, true);
            Load reads = new Load(List.of(a, b), Math.max(2, writers / 3), true).reading();
            load.start();
            reads.start();
            load.awaitSuccessOn(List.of(a, b), 60); // the JPA unit started on both: a warm node
            Thread.sleep(3_000);
            for (boolean hang : List.of(false, true)) {
                String phase = hang ? "db-outage.hung." : "db-outage.refused.";
                long cut = System.nanoTime();
                if (hang) {
                    proxy.hang();
                } else {
                    proxy.stop();
                }
                ReadinessWatch watch = new ReadinessWatch(List.of(a, b), cut);
                watch.start();
                Thread.sleep(8_000);
                long restored = System.nanoTime();
                proxy.restore();
                Thread.sleep(8_000);
                watch.stop();

                List<Sample> readsDuring = reads.between(cut, restored);
                figure(phase + "reads-during", readsDuring.size());
                figure(phase + "reads-max-ms-during", maxMillis(readsDuring));
                figure(phase + "reads-p50-ms-during", percentileMillis(readsDuring, 50));
                List<Sample> during = new ArrayList<>(load.between(cut, restored));
                during.addAll(readsDuring);
                figure(phase + "requests-during", during.size());
                figure(phase + "max-ms-during", maxMillis(during));
                figure(phase + "p50-ms-during", percentileMillis(during, 50));
                figure(phase + "p99-ms-during", percentileMillis(during, 99));
                figure(phase + "over-1s-during", during.stream().filter(s -> s.millis() > 1000).count());
                long bad = during.stream().filter(s -> s.status != 201 && s.status != 200 && !(s.status == 503 && s.problem && s.retryAfter))
                        .count();
                figure(phase + "not-503-problem-during", bad);
                during.stream().sorted((x, y) -> Long.compare(y.millis(), x.millis())).limit(3).forEach(x -> System.out
                        .println("  slowest: " + x + " sent " + (x.startNanos - cut) / 1_000_000 + " ms after the cut"));
                check(bad == 0, phase + " every failed request is 503 problem+json with Retry-After");
                if (!hang) {
                    check(during.stream().allMatch(s -> s.millis() <= 1000),
                            phase + " every request answered within 1 s (max " + maxMillis(during) + " ms)");
                } else {
                    // In flight at the cut, a request waits for the socket timeout (5 s). Once the breaker is open
                    // the others are refused at once, except the probe every 500 ms, which waits for the driver's
                    // connect (1 s) and login (2 s) timeouts: at most 3 s.
                    long settle = cut + TimeUnit.SECONDS.toNanos(6);
                    List<Sample> later = load.between(settle, restored);
                    figure(phase + "max-ms-sent-6s-after-cut", maxMillis(later));
                    figure(phase + "over-1s-sent-6s-after-cut", later.stream().filter(s -> s.millis() > 1000).count());
                    check(later.stream().allMatch(s -> s.millis() <= 3000), phase
                            + " every request sent from 6 s after the cut answered within 3 s (max " + maxMillis(later) + " ms)");
                    check(during.stream().allMatch(s -> s.millis() <= 6000), phase
                            + " every request sent during the outage answered within 6 s (max " + maxMillis(during) + " ms)");
                }
                for (Node node : List.of(a, b)) {
                    long down = watch.downAfterMillis(node);
                    long up = load.firstSuccessAfterMillis(node, restored);
                    figure(phase + "readiness-down-ms." + node.name, down);
                    figure(phase + "first-201-after-restore-ms." + node.name, up);
                    if (!hang) {
                        check(down >= 0 && down <= 2000, phase + " readiness of " + node.name + " DOWN within 2 s (" + down + " ms)");
                    }
                    check(up >= 0 && up <= 2000, phase + " " + node.name + " writes again within 2 s of the database (" + up + " ms)");
                }
            }
            load.stop();
            reads.stop();
            figure("db-outage.requests-total", load.samples.size() + reads.samples.size());
        }
    }

    /** Kill -9 one of two nodes under writes, restart it while polling its /api; then read back every acked write. */
    static void killRestart() throws Exception {
        Node a = Node.start("a", basePort, databasePort());
        Node b = Node.start("b", basePort + 1, databasePort());
        a.awaitReady(180);
        b.awaitReady(180);
        Load load = new Load(List.of(a, b), writers, false);
        load.start();
        Thread.sleep(4_000);
        a.kill(true);
        Poller poller = new Poller(a);
        poller.start();
        Thread.sleep(1_000);
        a = Node.start("a", basePort, databasePort());
        a.awaitReady(180);
        Thread.sleep(3_000);
        poller.stop();
        load.stop();
        figure("kill-restart.poll-answers", poller.answers.get());
        figure("kill-restart.poll-refused", poller.refused.get());
        figure("kill-restart.poll-503-problem", poller.unavailable.get());
        figure("kill-restart.poll-not-problem", poller.wrong.size());
        poller.wrong.stream().limit(5).forEach(w -> System.out.println("  e.g. " + w));
        check(poller.wrong.isEmpty(), "kill-restart: /api never answered anything but problem+json or a task list");
        // Every acknowledged write, read back through the node that was not killed.
        int lost = 0;
        for (Sample s : load.acked()) {
            HttpResponse<String> got = send(b, "GET", "api/" + s.user + "/tasks/" + s.taskId, s.user, null, null);
            if (got.statusCode() != 200) {
                lost++;
            }
        }
        figure("kill-restart.acked", load.acked().size());
        figure("kill-restart.acked-lost", lost);
        check(lost == 0, "kill-restart: no acknowledged write lost (" + lost + " of " + load.acked().size() + ")");
        check(!load.acked().isEmpty(), "kill-restart: writes were acknowledged at all");
    }

    /** Read-modify-write of one counter through two nodes, with If-Match: every 200 is one increment. */
    static void ifMatch() throws Exception {
        Node a = Node.start("a", basePort, databasePort());
        Node b = Node.start("b", basePort + 1, databasePort());
        a.awaitReady(180);
        b.awaitReady(180);
        String user = "harness-" + System.nanoTime();
        HttpResponse<String> created = send(a, "POST", "api/" + user + "/tasks", user, "{\"title\":\"0\"}", null);
        check(created.statusCode() == 201, "if-match: task created");
        String id = field(created.body(), "id");
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Node node = i % 2 == 0 ? a : b;
            threads.add(thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> read = send(node, "GET", "api/" + user + "/tasks/" + id, user, null, null);
                        int counter = Integer.parseInt(field(read.body(), "title"));
                        String tag = read.headers().firstValue("ETag").orElseThrow();
                        HttpResponse<String> put = send(node, "PUT", "api/" + user + "/tasks/" + id, user,
                                "{\"title\":\"" + (counter + 1) + "\"}", tag);
                        if (put.statusCode() == 200) {
                            wins.incrementAndGet();
                        } else if (put.statusCode() == 412) {
                            conflicts.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        HttpResponse<String> last = send(b, "GET", "api/" + user + "/tasks/" + id, user, null, null);
        int counter = Integer.parseInt(field(last.body(), "title"));
        figure("if-match.wins", wins.get());
        figure("if-match.conflicts-412", conflicts.get());
        figure("if-match.other", other.get());
        figure("if-match.counter", counter);
        figure("if-match.version", Long.parseLong(field(last.body(), "version")));
        check(counter == wins.get(), "if-match: counter " + counter + " equals the " + wins.get() + " successful updates");
        check(wins.get() > 0 && conflicts.get() > 0, "if-match: the updates did race (wins and 412s)");
    }

    /**
     * Two nodes behind nginx (docker/nginx.conf's upstream and retry rules, with loopback addresses), restarted one
     * at a time (SIGTERM, start, wait until ready) under GET and POST load through nginx.
     */
    static void rolling() throws Exception {
        Node a = Node.start("a", basePort, databasePort());
        Node b = Node.start("b", basePort + 1, databasePort());
        a.awaitReady(180);
        b.awaitReady(180);
        Node lb = startNginx(basePort + 10, List.of(a, b));
        Load posts = new Load(List.of(lb), Math.max(1, writers / 2), false);
        Load gets = new Load(List.of(lb), Math.max(1, writers / 2), false).reading();
        posts.start();
        gets.start();
        Thread.sleep(3_000);
        List<String> direct = new ArrayList<>();
        List<String[]> marks = new ArrayList<>();
        int directAnswers = 0;
        for (String name : List.of("a", "b")) {
            Node old = name.equals("a") ? a : b;
            Poller poller = new Poller(old); // the node itself, not through nginx: while it stops and starts
            poller.start();
            marks.add(new String[] {"SIGTERM " + name, String.valueOf(System.nanoTime())});
            old.kill(false);
            marks.add(new String[] {"exited " + name, String.valueOf(System.nanoTime())});
            Node fresh = Node.start(name, old.port, databasePort());
            fresh.awaitReady(180);
            marks.add(new String[] {"ready " + name, String.valueOf(System.nanoTime())});
            Thread.sleep(5_000); // ready, plus nginx's fail_timeout (2 s): back in the rotation before the next stops
            poller.stop();
            direct.addAll(poller.wrong);
            directAnswers += poller.answers.get();
        }
        posts.stop();
        gets.stop();
        figure("rolling.direct-poll-answers", directAnswers);
        figure("rolling.direct-poll-not-problem", direct.size());
        direct.stream().limit(5).forEach(w -> System.out.println("  e.g. direct " + w));
        check(direct.isEmpty(), "rolling: a node stopping (SIGTERM) and starting never answered /api with anything but"
                + " its JSON or 503 problem+json with Retry-After");
        long failedGets = gets.samples.stream().filter(s -> s.status != 200).count();
        List<Sample> failedPosts = posts.samples.stream().filter(s -> s.status != 201).toList();
        // A POST the client saw fail must not have been stored: its title is unique, look for it.
        int storedAnyway = 0;
        for (Sample s : failedPosts) {
            HttpResponse<String> list = send(lb, "GET", "api/" + s.user + "/tasks?limit=100", s.user, null, null);
            if (list.body().contains("\"" + s.title + "\"")) {
                storedAnyway++;
            }
        }
        figure("rolling.gets", gets.samples.size());
        figure("rolling.gets-failed", failedGets);
        figure("rolling.posts", posts.samples.size());
        figure("rolling.posts-failed", failedPosts.size());
        figure("rolling.posts-failed-but-stored", storedAnyway);
        gets.samples.stream().filter(s -> s.status != 200).limit(5).forEach(s -> System.out.println("  e.g. GET " + s));
        long t0 = gets.samples.stream().mapToLong(Sample::startNanos).min().orElse(0);
        gets.samples.stream().filter(s -> s.status != 200)
                .collect(java.util.stream.Collectors.groupingBy(s -> (s.startNanos - t0) / 1_000_000_000L, TreeMap::new,
                        java.util.stream.Collectors.counting()))
                .forEach((second, n) -> System.out.println("  failed GETs in second " + second + ": " + n));
        for (String[] mark : marks) {
            System.out.println("  at second " + (Long.parseLong(mark[1]) - t0) / 1_000_000_000L + ": " + mark[0]);
        }
        failedPosts.stream().limit(5).forEach(s -> System.out.println("  e.g. POST " + s));
        check(failedGets == 0, "rolling: 0 failed GETs through nginx (" + failedGets + ")");
        check(storedAnyway == 0, "rolling: no POST both failed to the client and stored (" + storedAnyway + ")");
        check(failedPosts.stream().allMatch(s -> s.problem), "rolling: every failed POST is problem+json");
    }

    /** 20,000 forged tokens as fast as four clients can: answers stay 401, the log and the heap stay bounded. */
    static void badTokens() throws Exception {
        Node a = Node.start("a", basePort, databasePort());
        a.awaitReady(180);
        long logBefore = Files.size(a.log);
        AtomicInteger count = new AtomicInteger();
        AtomicInteger not401 = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(thread(() -> {
                while (count.incrementAndGet() <= 20_000) {
                    String forged = token("u" + count.get()).replaceAll(".$", "A") + count.get();
                    try {
                        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(a.base().resolve("api/me"))
                                .header("Authorization", "Bearer " + forged).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 401) {
                            not401.incrementAndGet();
                        }
                    } catch (Exception e) {
                        not401.incrementAndGet();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long logGrowth = Files.size(a.log) - logBefore;
        String heap = jcmd(a.process.pid(), "GC.heap_info");
        figure("bad-tokens.requests", 20_000);
        figure("bad-tokens.per-second", Math.round(20_000 / seconds));
        figure("bad-tokens.not-401", not401.get());
        figure("bad-tokens.log-bytes", logGrowth);
        Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
        if (used.find()) {
            figure("bad-tokens.heap-used-kib-after", Long.parseLong(used.group(1)));
        }
        check(not401.get() == 0, "bad-tokens: every forged token is a 401");
        // Every request has its access-log line (one per request, by design); the refusal's reason line is limited
        // to 100 a second (plus a count of those left out).
        String added = Files.readString(a.log).substring((int) Math.min(logBefore, Files.size(a.log)));
        long reasons = added.lines().filter(l -> l.contains("token refused")).count();
        long reasonBound = (long) Math.ceil(seconds + 2) * 101;
        figure("bad-tokens.log-bytes-per-request", logGrowth / 20_000);
        figure("bad-tokens.refusal-lines", reasons);
        check(reasons <= reasonBound, "bad-tokens: " + reasons + " refusal lines, at most 100 a second (" + reasonBound + ")");
        check(logGrowth / 20_000 < 400, "bad-tokens: the log grows by one access line a request (" + logGrowth / 20_000
                + " bytes a request)");
    }

    // ---------------------------------------------------------------- nodes and nginx

    static final class Node {
        final String name;
        final int port;
        final Process process;
        final Path log;

        Node(String name, int port, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
        }

        /** The operator command of docs/deployment.md, on this port, against PostgreSQL at 127.0.0.1:dbPort. */
        static Node start(String name, int port, int dbPort) throws IOException {
            Path root = work.resolve("node-" + name);
            Path log = work.resolve("node-" + name + ".log");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", "target/payara-micro.jar",
                    "--addLibs", "target/lib/postgresql.jar", "--deploy", "target/todo-api.war",
                    "--contextroot", "/", "--port", String.valueOf(port), "--nocluster",
                    "--prebootcommandfile", "server-config/pre-boot-commands.asadmin",
                    "--postbootcommandfile", "server-config/post-boot-commands.asadmin", "--rootDir", root.toString()));
            if (Files.exists(Path.of("server-config/post-deploy-commands.asadmin"))) { // absent in older builds
                command.addAll(List.of("--postdeploycommandfile", "server-config/post-deploy-commands.asadmin",
                        "--shutdowngrace", "5000"));
            }
            if (Files.exists(Path.of("server-config/logging-plain.properties"))) { // the log levels; absent in older builds
                command.addAll(List.of("--logproperties", "server-config/logging-plain.properties"));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("BETTER_AUTH_SECRET", SECRET);
            builder.environment().put("TODO_DB_URL", databaseUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + dbPort + "/"));
            builder.environment().putIfAbsent("TODO_DB_USER", "postgres");
            builder.environment().putIfAbsent("TODO_DB_PASSWORD", "");
            builder.environment().put("TODO_DB_POOL_MAX", "16");
            Files.writeString(log, "==== harness: node " + name + " starts at " + java.time.Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Node node = new Node(name, port, builder.start(), log);
            NODES.add(node);
            return node;
        }

        /** Waits until /health/ready answers 200 (the node serves). */
        void awaitReady(int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException("node " + name + " exited; see " + log);
                }
                try {
                    if (get(base().resolve("health/ready")).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("node " + name + " not ready within " + seconds + " s; see " + log);
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port + "/");
        }

        /** SIGKILL, or SIGTERM and up to 40 s for a graceful stop. */
        void kill(boolean hard) throws InterruptedException {
            if (hard) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                fail("node " + name + " did not stop within 40 s of SIGTERM");
                process.destroyForcibly().waitFor();
            }
            NODES.remove(this);
        }
    }

    /** Debian's nginx with the upstream and retry rules of docker/nginx.conf, pointing at loopback nodes. */
    static Node startNginx(int port, List<Node> nodes) throws Exception {
        String conf = Files.readString(Path.of("docker/nginx.conf"));
        // Only what cannot run here changes: no Docker DNS (resolver, `resolve`), one loopback server per node with
        // the parameters of the `server api:8080` line, the port, files under target/faults, no root user.
        Matcher upstream = Pattern.compile("(?m)^\\s*server api:8080([^;\n]*);[^\n]*\n").matcher(conf);
        if (!upstream.find()) {
            throw new IllegalStateException("docker/nginx.conf: no `server api:8080` line");
        }
        String parameters = upstream.group(1).replace(" resolve", "");
        StringBuilder servers = new StringBuilder();
        for (Node n : nodes) {
            servers.append("        server 127.0.0.1:").append(n.port).append(parameters).append(";\n");
        }
        conf = conf.substring(0, upstream.start()) + servers + conf.substring(upstream.end());
        conf = conf.replaceAll("(?m)^\\s*resolver [^\n]*\n", "")
                .replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
                .replace("worker_processes auto;", "worker_processes 1;\npid " + work.toAbsolutePath()
                        + "/nginx.pid;\nerror_log " + work.toAbsolutePath() + "/nginx-error.log warn;");
        conf = conf.replace("http {", "http {\n    access_log off;\n    client_body_temp_path " + work.toAbsolutePath()
                + "/nginx-body;\n    proxy_temp_path " + work.toAbsolutePath() + "/nginx-proxy;");
        Path file = work.resolve("nginx.conf").toAbsolutePath();
        Files.writeString(file, conf);
        Process p = new ProcessBuilder("/usr/sbin/nginx", "-c", file.toString(), "-p", work.toAbsolutePath().toString(),
                "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("nginx.out").toFile())).start();
        nginx = p;
        Node lb = new Node("nginx", port, p, work.resolve("nginx.out"));
        Thread.sleep(500);
        if (!p.isAlive()) {
            throw new IllegalStateException("nginx exited: " + Files.readString(work.resolve("nginx.out")));
        }
        return lb;
    }

    static void stopAll() {
        for (Node node : NODES) {
            node.process.destroyForcibly();
            try {
                node.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        NODES.clear();
        if (nginx != null) {
            nginx.destroy();
            nginx = null;
        }
    }

    // ---------------------------------------------------------------- load

    record Sample(String node, long startNanos, long endNanos, int status, boolean problem, boolean retryAfter,
                  String user, String taskId, String title, String note) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        @Override
        public String toString() {
            return node + " " + status + " " + millis() + " ms " + note;
        }
    }

    /** Writers (POST a task with a unique title, one user each) or readers (GET the list), round-robin on nodes. */
    static final class Load {
        final List<Node> nodes;
        final int threads;
        final boolean spread;
        boolean read;
        final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();

        Load(List<Node> nodes, int threads, boolean spread) {
            this.nodes = nodes;
            this.threads = threads;
            this.spread = spread;
        }

        Load reading() {
            read = true;
            return this;
        }

        void start() {
            for (int i = 0; i < threads; i++) {
                int index = i;
                workers.add(thread(() -> run(index)));
            }
        }

        void run(int index) {
            String user = "harness-" + System.nanoTime() + "-" + index;
            int n = 0;
            while (running.get()) {
                Node node = nodes.get((index + n) % nodes.size());
                n++;
                String title = user + "-" + n;
                long start = System.nanoTime();
                try {
                    HttpResponse<String> r = read
                            ? send(node, "GET", "api/" + user + "/tasks?limit=5", user, null, null)
                            : send(node, "POST", "api/" + user + "/tasks", user, "{\"title\":\"" + title + "\"}", null);
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    boolean problem = type.startsWith("application/problem+json") && r.body().contains("\"detail\"");
                    samples.add(new Sample(node.name, start, System.nanoTime(), r.statusCode(), problem,
                            r.headers().firstValue("Retry-After").isPresent(), user,
                            r.statusCode() == 201 ? field(r.body(), "id") : null, title,
                            r.statusCode() >= 400 ? type + " " + abbreviate(r.body()) : ""));
                } catch (Exception e) {
                    samples.add(new Sample(node.name, start, System.nanoTime(), -1, false, false, user, null, title,
                            e.getClass().getSimpleName()));
                    sleep(50);
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : workers) {
                t.join();
            }
        }

        List<Sample> between(long from, long to) {
            return samples.stream().filter(s -> s.startNanos >= from && s.startNanos < to).toList();
        }

        /** Waits until every one of these nodes has answered a request of this load with success. */
        void awaitSuccessOn(List<Node> on, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!on.stream().allMatch(n -> samples.stream().anyMatch(s -> s.node.equals(n.name)
                    && (s.status == 200 || s.status == 201)))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no success from every node within " + seconds + " s");
                }
                Thread.sleep(100);
            }
        }

        List<Sample> acked() {
            return samples.stream().filter(s -> s.status == 201).toList();
        }

        /** Milliseconds from {@code since} to the end of the first success sent after it by this node, or -1. */
        long firstSuccessAfterMillis(Node node, long since) {
            return samples.stream().filter(s -> s.node.equals(node.name) && s.startNanos >= since && s.status == 201)
                    .mapToLong(s -> (s.endNanos - since) / 1_000_000).min().orElse(-1);
        }
    }

    /** Polls /health/ready of each node every 100 ms; remembers when each first said DOWN after the cut. */
    static final class ReadinessWatch {
        final List<Node> nodes;
        final long cut;
        final Map<String, Long> downAt = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        ReadinessWatch(List<Node> nodes, long cut) {
            this.nodes = nodes;
            this.cut = cut;
        }

        void start() {
            for (Node node : nodes) {
                threads.add(thread(() -> {
                    while (running.get()) {
                        try {
                            if (get(node.base().resolve("health/ready")).statusCode() == 503) {
                                downAt.putIfAbsent(node.name, System.nanoTime());
                            }
                        } catch (Exception e) {
                            // counted as not answering
                        }
                        sleep(100);
                    }
                }));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        long downAfterMillis(Node node) {
            Long at = downAt.get(node.name);
            return at == null ? -1 : (at - cut) / 1_000_000;
        }
    }

    /** GET /api/{user}/tasks on one node every 20 ms; anything that is not 200 JSON or 503 problem+json is wrong. */
    static final class Poller {
        final Node node;
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final List<String> wrong = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        Poller(Node node) {
            this.node = node;
        }

        void start() {
            thread = thread(() -> {
                String user = "poller-" + System.nanoTime();
                while (running.get()) {
                    try {
                        HttpResponse<String> r = send(node, "GET", "api/" + user + "/tasks", user, null, null);
                        answers.incrementAndGet();
                        String type = r.headers().firstValue("Content-Type").orElse("");
                        if (r.statusCode() == 200 && type.startsWith("application/json")) {
                            continue;
                        }
                        if (r.statusCode() == 503 && type.startsWith("application/problem+json")
                                && r.body().contains("\"detail\"") && r.headers().firstValue("Retry-After").isPresent()) {
                            unavailable.incrementAndGet();
                            continue;
                        }
                        wrong.add(r.statusCode() + " " + type + " " + abbreviate(r.body()));
                    } catch (ConnectException e) {
                        refused.incrementAndGet();
                    } catch (Exception e) {
                        // a connection reset by the dying or starting listener: no answer, counted as refused
                        refused.incrementAndGet();
                    }
                    sleep(20);
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    // ---------------------------------------------------------------- HTTP, tokens, database

    static HttpResponse<String> send(Node node, String method, String path, String user, String json, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.base().resolve(path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token(user));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** An HS256 token for this user as the frontend would mint it (issuer, audience, 10 minutes). */
    static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> {
            long now = System.currentTimeMillis() / 1000;
            String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
            String claims = b64("{\"sub\":\"" + u + "\",\"iss\":\"better-auth\",\"aud\":\"todo-app\",\"iat\":" + (now - 5)
                    + ",\"exp\":" + (now + 3600) + "}");
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
                return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String databaseUrl() {
        String url = System.getenv("TODO_DB_URL");
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException("set TODO_DB_URL=jdbc:postgresql://127.0.0.1:5432/<your database>");
        }
        return url;
    }

    static String databaseHost() {
        return URI.create(databaseUrl().substring(5)).getHost();
    }

    static int databasePort() {
        int port = URI.create(databaseUrl().substring(5)).getPort();
        return port < 0 ? 5432 : port;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + abbreviate(json));
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static String jcmd(long pid, String what) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), what).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- reporting

    static void figure(String name, long value) {
        System.out.println("figure " + name + " " + value);
    }

    static void check(boolean held, String what) {
        System.out.println((held ? "ok   " : "FAIL ") + what);
        if (!held) {
            FAILURES.add(what);
        }
    }

    static void fail(String what) {
        check(false, what);
    }

    static long maxMillis(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::millis).max().orElse(-1);
    }

    static long percentileMillis(List<Sample> samples, int p) {
        long[] sorted = samples.stream().mapToLong(Sample::millis).sorted().toArray();
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the database's proxy

    /**
     * src/test/java/app/todo/support/TcpProxy on a fixed loopback port, plus a hung mode. stop(): every connection
     * cut and the port closed (connections refused). hang(): every connection kept open but nothing forwarded, new
     * ones accepted and never answered. restore(): the hung connections are cut and forwarding resumes.
     */
    static final class TcpProxy implements AutoCloseable {
        private final String targetHost;
        private final int targetPort;
        private final int port;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket listener;
        private volatile boolean hung;

        TcpProxy(String targetHost, int targetPort, int port) throws IOException {
            this.targetHost = targetHost;
            this.targetPort = targetPort;
            this.port = port;
            start();
        }

        int port() {
            return port;
        }

        synchronized void start() throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            listener = server;
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        open.add(client);
                        if (hung) {
                            continue; // held open, never answered
                        }
                        Socket upstream = new Socket(targetHost, targetPort);
                        open.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        // listener closed, or the target refused
                    }
                }
            });
        }

        private void pump(Socket from, Socket to) {
            daemon(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        while (hung && !from.isClosed()) {
                            Thread.sleep(20); // swallowed by the partition: never delivered
                        }
                        if (from.isClosed()) {
                            break;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // one side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
        }

        /** Refused: the port closed, every connection cut. */
        synchronized void stop() {
            closeQuietly(listener);
            cutAll();
        }

        /** Hung: connections stay open and silent; new ones are accepted and never answered. */
        synchronized void hang() {
            hung = true;
        }

        /** Back: hung connections cut (as a partition's connections time out), new ones forwarded. */
        synchronized void restore() throws IOException {
            if (hung) {
                hung = false;
                cutAll();
            } else {
                start();
            }
        }

        private void cutAll() {
            open.forEach(TcpProxy::closeQuietly);
            open.clear();
        }

        @Override
        public void close() {
            hung = false;
            stop();
        }

        private static void closeQuietly(AutoCloseable c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // already closed
            }
        }
    }

    static Thread thread(Runnable body) {
        Thread t = new Thread(body, "harness");
        t.start();
        return t;
    }

    static Thread daemon(Runnable body) {
        Thread t = new Thread(body, "harness-proxy");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

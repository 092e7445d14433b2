package app.todo.support;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clients that keep calling the API on one or more nodes (round-robin) until stopped, each as a user of its own,
 * and remember every answer: writers POST a task with a unique title, readers GET their list. For fault tests,
 * which then assert on what the clients saw while a node or the database failed. HTTP/1.1, as browsers and nginx
 * speak to the service over cleartext (the JDK client's h2c upgrade is not what clients of the service use).
 */
public final class Load implements AutoCloseable {

    /**
     * One request and what came back: {@code status} -1 when no answer came (the connection refused or reset, or
     * the client's timeout); {@code problem} a problem+json body with a detail, {@code detail} that detail (else
     * null); {@code taskId} the id of a 201.
     */
    public record Sample(URI node, long startNanos, long endNanos, String method, int status, boolean problem,
                         boolean retryAfter, String detail, String user, String title, String taskId, String note) {

        public long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        /**
         * A failure whose outcome the client cannot know: no answer at all, or an answer that says the change may or
         * may not have been saved (the service's own commit-unknown 503, or nginx's for a POST it sent and got no
         * answer to; docs/api.md, 503). Any other failure promises nothing was done.
         */
        public boolean outcomeUnknown() {
            return status == -1 || detail != null && detail.contains("may or may not have been saved");
        }

        /** 2xx, or 503 problem+json with Retry-After: what the API promises while a dependency is away. */
        public boolean successOrUnavailable() {
            return status == 200 || status == 201 || status == 503 && problem && retryAfter;
        }

        @Override
        public String toString() {
            return method + " " + node + " " + status + " in " + millis() + " ms " + note;
        }
    }

    private final List<URI> nodes;
    private final boolean writes;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();

    private Load(List<URI> nodes, int clients, boolean writes) {
        this.nodes = List.copyOf(nodes);
        this.writes = writes;
        for (int i = 0; i < clients; i++) {
            int index = i;
            Thread client = new Thread(() -> run(index), (writes ? "writer-" : "reader-") + i);
            client.setDaemon(true);
            this.clients.add(client);
        }
        this.clients.forEach(Thread::start);
    }

    /** {@code clients} writers, started at once. */
    public static Load writers(List<URI> nodes, int clients) {
        return new Load(nodes, clients, true);
    }

    /** {@code clients} readers, started at once. */
    public static Load readers(List<URI> nodes, int clients) {
        return new Load(nodes, clients, false);
    }

    private void run(int index) {
        String user = "u_load_" + UUID.randomUUID();
        List<TaskClient> perNode = nodes.stream().map(n -> new TaskClient(Http.http11(n), user)).toList();
        for (int n = 0; running.get(); n++) {
            int node = (index + n) % nodes.size();
            TaskClient client = perNode.get(node);
            String title = user + " #" + n;
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = writes
                        ? client.post(client.tasksPath(), "{\"title\":\"" + title + "\"}")
                        : client.get(client.tasksPath() + "?limit=5");
                String detail = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        ? detail(r.body()) : null;
                boolean problem = detail != null;
                String id = r.statusCode() == 201 ? Http.json(r).getString("id") : null;
                samples.add(new Sample(nodes.get(node), start, System.nanoTime(), writes ? "POST" : "GET", r.statusCode(),
                        problem, r.headers().firstValue("Retry-After").isPresent(), detail, user, title, id,
                        r.statusCode() >= 300 ? abbreviate(r.body()) : ""));
            } catch (UncheckedIOException e) {
                samples.add(new Sample(nodes.get(node), start, System.nanoTime(), writes ? "POST" : "GET", -1, false,
                        false, null, user, title, null, String.valueOf(e.getCause())));
                // A refused connection fails at once: do not spin while a node is away.
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /** Every answer so far. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The requests sent from {@code fromNanos} (System.nanoTime) up to {@code toNanos}. */
    public List<Sample> sentBetween(long fromNanos, long toNanos) {
        return samples.stream().filter(s -> s.startNanos >= fromNanos && s.startNanos < toNanos).toList();
    }

    /** The writes acknowledged (201). */
    public List<Sample> acknowledged() {
        return samples.stream().filter(s -> s.status == 201).toList();
    }

    /** Whether this node has answered a request sent from {@code sinceNanos} on with 200 or 201. */
    public boolean succeededOn(URI node, long sinceNanos) {
        return samples.stream().anyMatch(s -> s.node.equals(node) && s.startNanos >= sinceNanos
                && (s.status == 200 || s.status == 201));
    }

    /** Stops every client after its request in flight and waits for them (each request is bounded by Http's timeout). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60).toMillis());
        }
    }

    /** The detail of a problem+json body, or null when it has none or is no JSON object. */
    private static String detail(String body) {
        try {
            return Http.structure(body) instanceof jakarta.json.JsonObject problem ? problem.getString("detail", null) : null;
        } catch (jakarta.json.JsonException notJson) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}

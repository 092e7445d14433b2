package app.todo.platform.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import app.todo.support.Await;
import app.todo.support.Http;
import app.todo.support.Load;
import app.todo.support.Nginx;
import app.todo.support.OperatorProcess;
import app.todo.support.TaskClient;

/**
 * Nodes fail or are replaced under load (docs/reliability.md, "The promises"): two nodes of the operator command
 * (the server of this run) on a PostgreSQL cluster of the test's own. A node killed with SIGKILL and restarted, the
 * two restarted one at a time behind the documented nginx, and concurrent updates with {@code If-Match} through
 * both. Asserted at the HTTP boundary only. Runs where PostgreSQL's server binaries are installed; the rolling
 * restart where nginx is.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFaults {

    private TwoNodes cluster;
    private List<OperatorProcess> nodes;

    @BeforeAll
    void startDatabaseAndTwoNodes() throws Exception {
        cluster = TwoNodes.start("nodes");
        nodes = cluster.nodes;
    }

    @AfterAll
    void stopAll() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<URI> bases() {
        return cluster.bases();
    }

    /**
     * Node a killed ({@code kill -9}) under six writers on both nodes, and restarted while its /api is polled: the
     * poll gets nothing but the application's answers (a refused or reset connection while it is away); every
     * acknowledged write is read back.
     */
    @Test
    void aNodeKilledUnderWritesLosesNoAcknowledgedWrite() throws Exception {
        try (Load writers = Load.writers(bases(), DatabaseFaults.WRITERS)) {
            long since = System.nanoTime();
            Await.awaitUntil(() -> bases().stream().allMatch(b -> writers.succeededOn(b, since)), Duration.ofSeconds(60),
                    "a 201 from each node");
            DatabaseFaults.hold(Duration.ofSeconds(3));
            OperatorProcess a = nodes.get(0);
            try (Load poll = Load.readers(List.of(a.base()), 1)) {
                a.kill();
                long killed = System.nanoTime();
                nodes.set(0, a.restart());
                awaitReady(nodes.get(0));
                // The restarted node serves the poll (bounded): not a fixed window, because a starting WildFly holds
                // the poll's request until deployed, and one held near the client's 30 s timeout comes back as none
                // (seen at load 50: a boot of 83 s with the port open, the poll's last held request answered 28.9 s
                // after it was sent, 3 s after ready).
                Await.awaitUntil(() -> poll.succeededOn(a.base(), killed), Duration.ofSeconds(60),
                        "the restarted node serves /api (a 200 to the poll)");
                poll.close();
                writers.close();
                List<Load.Sample> answered = poll.sentBetween(killed, Long.MAX_VALUE).stream().filter(s -> s.status() != -1)
                        .toList();
                System.out.printf("FAULTS %s killed: %d writes (%d acknowledged); node a polled %d times while it"
                                + " restarted, %d answers%n", TwoNodes.server(), writers.samples().size(),
                        writers.acknowledged().size(), poll.sentBetween(killed, Long.MAX_VALUE).size(), answered.size());
                assertEquals(List.of(), answered.stream().filter(s -> !s.successOrUnavailable()).limit(10).toList(),
                        "the restarting node answered /api only as the application does");
            }
            List<Load.Sample> wrong = writers.samples().stream().filter(s -> s.status() != -1 && !s.successOrUnavailable())
                    .toList();
            assertEquals(List.of(), wrong.stream().limit(10).toList(), "writers saw only 201 or 503 problem+json");
            DatabaseFaults.assertNoAcknowledgedWriteLost(writers, bases());
        }
    }

    /** Read-modify-write of one counter for 10 s by six clients through both nodes with If-Match: no lost update. */
    @Test
    void ifMatchThroughTwoNodesLosesNoUpdate() throws Exception {
        TaskClient owner = TaskClient.newUser(new Http(bases().get(0)));
        String id = owner.create("0").getString("id");
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<String> other = new java.util.concurrent.CopyOnWriteArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < DatabaseFaults.WRITERS; i++) {
            TaskClient client = new TaskClient(new Http(bases().get(i % 2)), owner.userId());
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    HttpResponse<String> read = client.get(client.taskPath(id));
                    int counter = Integer.parseInt(Http.json(read).getString("title"));
                    HttpResponse<String> put = client.put(client.taskPath(id), "{\"title\":\"" + (counter + 1) + "\"}",
                            read.headers().firstValue("ETag").orElseThrow());
                    switch (put.statusCode()) {
                        case 200 -> wins.incrementAndGet();
                        case 412 -> conflicts.incrementAndGet();
                        default -> other.add(put.statusCode() + " " + put.body());
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60).toMillis());
        }
        JsonObject last = Http.json(owner.get(owner.taskPath(id)));
        System.out.printf("FAULTS %s if-match: %d updates won, %d refused with 412, %d other; counter %s%n",
                TwoNodes.server(), wins.get(), conflicts.get(), other.size(), last.getString("title"));
        assertEquals(List.of(), other, "only 200 or 412");
        assertEquals(String.valueOf(wins.get()), last.getString("title"), "every 200 is one increment");
        assertTrue(wins.get() > 0 && conflicts.get() > 0, "the updates raced (200s and 412s)");
    }

    /**
     * Both nodes behind nginx (docker/nginx.conf's upstream and retry rules), restarted one at a time (SIGTERM,
     * start, ready, then nginx's fail_timeout) under three GET and three POST clients through nginx: 0 failed GETs;
     * no POST stored twice, every 201 stored; a failed POST is problem+json, and was not stored unless its answer said
     * the outcome is unknown ("may or may not have been saved": nginx sent it and got no answer); each node, polled
     * directly while it stops and starts, answers nothing but the application's JSON or 503 problem+json.
     */
    @Test
    void aRollingRestartBehindNginxFailsNoRead() throws Exception {
        try (Nginx nginx = Nginx.start(cluster.folder, nodes.stream().map(n -> n.base().getPort()).toList());
             Load posts = Load.writers(List.of(nginx.base()), 3);
             Load gets = Load.readers(List.of(nginx.base()), 3)) {
            long since = System.nanoTime();
            Await.awaitUntil(() -> posts.succeededOn(nginx.base(), since), Duration.ofSeconds(60), "a 201 through nginx");
            List<Load.Sample> direct = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                OperatorProcess old = nodes.get(i);
                try (Load poll = Load.readers(List.of(old.base()), 1)) {
                    old.close();
                    nodes.set(i, old.restart());
                    awaitReady(nodes.get(i));
                    // Ready, plus nginx's proxy_read_timeout (15 s) and fail_timeout (2 s) and a margin: back in its
                    // rotation before the next stops. A starting WildFly holds requests from its port opening until
                    // deployed; one nginx sent it then times out up to 15 s later and takes it out again for 2 s
                    // (seen: ready + 5 s left nginx no live upstream, 383 GETs failed; docs/reliability.md).
                    DatabaseFaults.hold(Duration.ofSeconds(20));
                    poll.close();
                    direct.addAll(poll.samples());
                }
            }
            posts.close();
            gets.close();
            List<Load.Sample> failedGets = gets.samples().stream().filter(s -> s.status() != 200).toList();
            List<Load.Sample> failedPosts = posts.samples().stream().filter(s -> s.status() != 201).toList();
            // Each writer's titles as stored, counted: a title is unique per request, so a count of 2 is a write made
            // twice, and a failed POST whose title is there was carried out.
            Map<String, Map<String, Long>> stored = new TreeMap<>();
            for (String user : posts.samples().stream().map(Load.Sample::user).collect(Collectors.toSet())) {
                stored.put(user, new TaskClient(new Http(nginx.base()), user).listAll().stream()
                        .collect(Collectors.groupingBy(t -> t.getString("title"), Collectors.counting())));
            }
            List<String> twice = stored.values().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<Load.Sample> lost = posts.acknowledged().stream()
                    .filter(s -> !stored.get(s.user()).containsKey(s.title())).toList();
            List<Load.Sample> storedAnyway = failedPosts.stream()
                    .filter(s -> stored.get(s.user()).containsKey(s.title())).toList();
            List<Load.Sample> unknown = failedPosts.stream().filter(Load.Sample::outcomeUnknown).toList();
            System.out.printf("FAULTS %s rolling: %d GETs, %d failed; %d POSTs, %d failed (%d of them told the outcome"
                            + " is unknown), %d failed but stored; %d direct polls%n", TwoNodes.server(),
                    gets.samples().size(), failedGets.size(), posts.samples().size(), failedPosts.size(), unknown.size(),
                    storedAnyway.size(), direct.size());
            failedGets.stream().limit(10).forEach(s -> System.out.println("FAULTS   failed GET " + s));
            failedPosts.stream().limit(20).forEach(s -> System.out.println("FAULTS   failed POST " + s
                    + (storedAnyway.contains(s) ? " (stored)" : "")));
            assertEquals(List.of(), twice, "no POST stored twice");
            assertEquals(List.of(), lost, "no acknowledged POST lost");
            // docs/api.md, 503: only an answer that says "may or may not have been saved" (or none) leaves the
            // outcome open; every other failure promises that nothing was stored.
            assertEquals(List.of(), storedAnyway.stream().filter(s -> !s.outcomeUnknown()).toList(),
                    "no POST stored whose failure said it was not");
            assertEquals(List.of(), failedGets.stream().limit(10).toList(), "0 failed GETs through nginx");
            assertEquals(List.of(), failedPosts.stream().filter(s -> !s.problem()).toList(), "every failed POST is problem+json");
            assertEquals(List.of(), direct.stream().filter(s -> s.status() != -1 && !s.successOrUnavailable()).limit(10)
                    .toList(), "a node stopping and starting answers /api only as the application does");
        }
    }

    private static void awaitReady(OperatorProcess node) {
        Http http = new Http(node.base());
        Await.awaitUntil(() -> {
            try {
                return http.get("health/ready", null).statusCode() == 200;
            } catch (java.io.UncheckedIOException notListening) {
                return false;
            }
        }, Duration.ofSeconds(60), node.base() + " ready");
    }
}

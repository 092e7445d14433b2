package app.todo.identity.keys;

import java.io.IOException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import app.todo.identity.keys.JwksDocument.JwksKey;
import app.todo.identity.token.TokenVerifier.VerificationKeys;
import app.todo.platform.logging.Logs;

/**
 * The keys of the configured JWKS (RFC 7517): the last good set, swapped whole on each successful fetch and kept
 * through failed ones; fetch starts at least {@code minRefetchInterval} apart, whoever starts them; a token with an
 * unknown {@code kid} (RFC 7515 §4.1.4) fetches, waits for a fetch under way, or is refused and owed a fetch. The rules
 * and their bounds: docs/architecture.md, "Keys".
 *
 * <p>Why not jose4j's {@code HttpsJwks} + {@code HttpsJwksVerificationKeyResolver} (measured with
 * scripts/JwksVsJose4j.java, jose4j 0.9.6): with the JWKS answering 503 it fetched once per forged kid (50 for 50,
 * this class 2; its reprieve counts from the last good fetch only), 8 unknown kids behind a JWKS stalling 3 s
 * waited up to 24 s in line on its lock (here 3 s, one fetch), a new key's token refused during a flood is never
 * owed a fetch, it has no schedule and reports nothing readiness can show, and it filters the whole key list per
 * token (here one map read by kid).
 */
public final class JwksKeys implements VerificationKeys, AutoCloseable {

    private static final Logger LOG = Logs.logger(JwksKeys.class);

    /** Where the JWKS comes from: {@code fetch} returns or throws within a bounded time; {@code describe} names it
     *  in the log, without credentials. */
    public interface Source {
        String fetch() throws IOException;

        String describe();
    }

    /**
     * How the JWKS stands, for readiness and the log.
     *
     * @param lastAttempt  when a fetch last ended, good or not; null before the first
     * @param lastSuccess  when keys were last fetched, null when never
     * @param failingSince the first failed fetch after the last good one, null while fetches succeed
     * @param lastError    why the last fetch failed, null while fetches succeed
     * @param keyCount     keys in use
     */
    public record Status(Instant lastAttempt, Instant lastSuccess, Instant failingSince, String lastError, int keyCount) {

        static final Status NEVER_FETCHED = new Status(null, null, null, "not fetched yet", 0);

        public boolean everFetched() {
            return lastSuccess != null;
        }

        public boolean stale() {
            return everFetched() && failingSince != null;
        }

        Status succeeded(Instant at, int keys) {
            return new Status(at, at, null, null, keys);
        }

        Status failed(Instant at, String error) {
            return new Status(at, lastSuccess, failingSince == null ? at : failingSince, error, keyCount);
        }

        static String keys(int count) {
            return count + (count == 1 ? " key" : " keys");
        }

        /** One line for readiness: never the URL, a key or a token. */
        public String describe() {
            if (!everFetched()) {
                return "no key fetched yet (" + lastError + ")";
            }
            if (stale()) {
                return "stale since " + failingSince + ": " + keys(keyCount) + " fetched at " + lastSuccess
                        + " still in use (" + lastError + ")";
            }
            return "ok: " + keys(keyCount) + " fetched at " + lastSuccess;
        }
    }

    private final Source source;
    private final Clock clock;
    private final Duration minInterval;
    private final Duration waitBound;
    private final ScheduledExecutorService scheduler;
    /** The keys of the last good fetch by kid, swapped whole: a request never sees half of an old set. */
    private final AtomicReference<Map<String, List<JwksKey>>> byKid = new AtomicReference<>(Map.of());
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile Status status = Status.NEVER_FETCHED;

    /** Guards the fields below; held only for bookkeeping, never during a fetch or a wait. */
    private final Object lock = new Object();
    private CompletableFuture<Boolean> inFlight;
    /** How many fetches have started; the fetch under way is number {@code started}. */
    private long started;
    /** A fetch numbered above this is owed to refused requests; none is owed while {@code started > owedAfter}. */
    private long owedAfter;
    /** The owed fetch is scheduled, or waits for the fetch under way to end. */
    private boolean owedArmed;
    private ScheduledFuture<?> owedTask;
    private boolean closed;
    private Instant lastStart;
    private volatile ScheduledFuture<?> ticks;

    /**
     * @param minRefetchInterval the least time between the starts of two fetches of this node, also the retry delay
     *                           after a failed one (at least 1 s in production; tests may go lower)
     * @param waitBound          the longest a request waits for a fetch another thread runs
     * @param scheduler          runs the owed fetch and the schedule of {@link #start}
     */
    public JwksKeys(Source source, Clock clock, Duration minRefetchInterval, Duration waitBound,
                    ScheduledExecutorService scheduler) {
        this.source = source;
        this.clock = clock;
        this.minInterval = minRefetchInterval;
        this.waitBound = waitBound;
        this.scheduler = scheduler;
    }

    @Override
    public Set<String> algorithms() {
        return JwksDocument.ALGORITHMS;
    }

    @Override
    public boolean requiresKeyId() {
        return true;
    }

    /**
     * The keys under this kid that fit the alg; empty when there are none (the caller refuses the token
     * with reason {@code key}). May fetch the JWKS, or wait for a fetch, as the class comment says;
     * never blocks longer than one fetch or {@code waitBound}.
     */
    @Override
    public List<Key> keysFor(String alg, String kid) {
        if (kid == null) {
            return List.of();
        }
        Map<String, List<JwksKey>> known = byKid.get();
        if (known.containsKey(kid)) { // a known kid whose key does not fit the alg is the token's fault: no refetch
            return keysFor(known, alg, kid);
        }
        CompletableFuture<Boolean> mine = null;
        CompletableFuture<Boolean> running;
        long seen;
        synchronized (lock) {
            running = inFlight;
            seen = started;
            if (running == null && remainingLocked().isZero()) {
                mine = beginLocked();
            }
        }
        if (mine != null) {
            // Started after this token arrived, so it sees every key published by then: nothing is owed.
            runFetch(mine);
            return keysFor(byKid.get(), alg, kid);
        }
        if (running != null) {
            // It may have started before the key was published; if so, a later fetch is owed below.
            await(running);
        }
        Map<String, List<JwksKey>> after = byKid.get();
        if (!after.containsKey(kid)) {
            owe(seen);
        }
        return keysFor(after, alg, kid);
    }

    private static List<Key> keysFor(Map<String, List<JwksKey>> byKid, String alg, String kid) {
        List<Key> keys = new ArrayList<>(1);
        for (JwksKey candidate : byKid.getOrDefault(kid, List.of())) {
            if (candidate.algorithms().contains(alg)) {
                keys.add(candidate.key());
            }
        }
        return keys;
    }

    /**
     * Fetches the JWKS now, or joins the fetch under way; for the start-up fetch and the regular
     * schedule. Does not wait for the interval, but starts it again. True when the keys in use are
     * fresh from this fetch.
     */
    public boolean refresh() {
        CompletableFuture<Boolean> mine = null;
        CompletableFuture<Boolean> running;
        synchronized (lock) {
            running = inFlight;
            if (running == null) {
                mine = beginLocked();
            }
        }
        return mine != null ? runFetch(mine) : await(running);
    }

    /** Fetches once on the calling thread (bounded by the fetch timeouts), then keeps the keys fresh. */
    public void start(Duration interval) {
        refresh();
        long retry = minInterval.toMillis();
        try {
            ticks = scheduler.scheduleWithFixedDelay(() -> {
                try {
                    if (due(status, clock.instant(), interval, minInterval)) {
                        refresh();
                    }
                } catch (RuntimeException e) {
                    // An exception would end a periodic task for good; log it and tick on.
                    LOG.log(Level.WARNING, "JWKS refresh failed unexpectedly", e);
                }
            }, retry, retry, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "JWKS refresh could not be scheduled; keys refresh on unknown kids only", e);
        }
    }

    /** Whether a scheduled fetch is due now: {@code interval} after a good fetch, {@code retry} after a failed one. */
    static boolean due(Status status, Instant now, Duration interval, Duration retry) {
        if (status.lastAttempt() == null) {
            return true;
        }
        if (!status.everFetched() || status.stale()) {
            return !now.isBefore(status.lastAttempt().plus(retry));
        }
        return !now.isBefore(status.lastSuccess().plus(interval));
    }

    /** Stops the schedule, cancels an owed fetch and schedules no more; keys already fetched stay in use. */
    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        synchronized (lock) {
            closed = true;
            if (owedTask != null) {
                owedTask.cancel(false);
                owedTask = null;
            }
        }
    }

    public Status status() {
        return status;
    }

    private CompletableFuture<Boolean> beginLocked() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        inFlight = mine;
        started++;
        lastStart = clock.instant();
        return mine;
    }

    /** How long until the interval since the last fetch start is over; zero when it is. */
    private Duration remainingLocked() {
        Duration left = lastStart == null ? Duration.ZERO : Duration.between(clock.instant(), lastStart.plus(minInterval));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private boolean runFetch(CompletableFuture<Boolean> mine) {
        boolean ok = false;
        try {
            ok = fetchAndSwap();
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            mine.complete(ok);
        }
        return ok;
    }

    /** A request that arrived when {@code seen} fetches had started was refused: a later fetch is owed to it. */
    private void owe(long seen) {
        synchronized (lock) {
            owedAfter = Math.max(owedAfter, seen);
            armLocked();
        }
    }

    /** Makes sure the owed fetch, if any, will run: when the interval is over, after the fetch under way. */
    private void armLocked() {
        if (closed || owedArmed || started > owedAfter) {
            return;
        }
        owedArmed = true;
        if (inFlight != null) {
            inFlight.whenComplete((ok, error) -> rearm());
            return;
        }
        // One millisecond more, so the interval is over when the task runs.
        long delay = remainingLocked().toMillis() + 1;
        try {
            owedTask = scheduler.schedule(this::payOwed, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            owedArmed = false;
            LOG.log(Level.FINE, "JWKS refetch for an unknown kid could not be scheduled; the next such token tries again", e);
        }
    }

    private void rearm() {
        synchronized (lock) {
            owedArmed = false;
            armLocked();
        }
    }

    /** The owed fetch: runs it if still owed and the interval is over, else arms again. */
    private void payOwed() {
        try {
            CompletableFuture<Boolean> mine = null;
            synchronized (lock) {
                owedArmed = false;
                owedTask = null;
                if (closed || started > owedAfter) {
                    return;
                }
                if (inFlight == null && remainingLocked().isZero()) {
                    mine = beginLocked();
                } else {
                    armLocked();
                }
            }
            if (mine != null) {
                runFetch(mine);
            }
        } catch (RuntimeException e) {
            // The executor would swallow it; the next unknown kid arms again.
            LOG.log(Level.WARNING, "JWKS refetch for an unknown kid failed unexpectedly", e);
        }
    }

    private boolean fetchAndSwap() {
        try {
            JwksDocument document = JwksDocument.parse(source.fetch());
            reportIgnored(document.ignored());
            if (document.keys().isEmpty()) {
                // Keep the last good keys rather than lock everyone out over an empty or broken set;
                // a compromised key is retired by publishing a set without it.
                throw new IOException("the JWKS has no usable signing key");
            }
            Map<String, List<JwksKey>> fresh = new LinkedHashMap<>();
            document.keys().forEach(key -> fresh.computeIfAbsent(key.kid(), k -> new ArrayList<>()).add(key));
            Map<String, List<JwksKey>> previous = byKid.getAndSet(Map.copyOf(fresh));
            Status before = status;
            status = before.succeeded(clock.instant(), document.keys().size());
            if (!fresh.keySet().equals(previous.keySet()) || before.failingSince() != null) {
                // each kid with its algorithms, e.g. k1 [EdDSA], k2 [PS256, RS256]
                String described = fresh.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue().stream().flatMap(k -> k.algorithms().stream())
                                .collect(Collectors.toCollection(TreeSet::new)))
                        .collect(Collectors.joining(", "));
                LOG.info(() -> "JWKS from " + source.describe() + ": " + Status.keys(document.keys().size())
                        + " in use: " + described);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            String error = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            Status before = status;
            status = before.failed(clock.instant(), error);
            // The first failure, and any change of cause, at WARNING; the same failure again only at FINE,
            // so an auth server that is down for hours does not flood the log.
            Level level = before.failingSince() == null || !error.equals(before.lastError()) ? Level.WARNING : Level.FINE;
            Status kept = status;
            if (kept.keyCount() == 0) {
                LOG.log(level, () -> "JWKS fetch from " + source.describe() + " failed: " + error
                        + "; no JWKS key yet, so EdDSA/ES256/ES512/RS256/PS256 tokens are refused");
            } else {
                LOG.log(level, () -> "JWKS refresh from " + source.describe() + " failed: " + error
                        + "; still verifying with the " + Status.keys(kept.keyCount()) + " fetched at " + kept.lastSuccess());
            }
            return false;
        }
    }

    private boolean await(CompletableFuture<Boolean> running) {
        try {
            return running.get(waitBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Each ignored entry is logged once, not at every refresh. */
    private void reportIgnored(List<String> ignored) {
        for (String entry : ignored) {
            if (reported.add(entry)) {
                LOG.log(Level.WARNING, "JWKS entry ignored, {0}", entry);
            }
        }
    }
}

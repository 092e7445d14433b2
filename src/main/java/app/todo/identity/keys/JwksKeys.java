package app.todo.identity.keys;

import java.io.IOException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
import app.todo.identity.token.VerificationKeys;
import app.todo.platform.logging.Logs;

/**
 * The keys of the configured JWKS (RFC 7517), for EdDSA, ES256, ES512, RS256 and PS256 tokens. Holds
 * the last good set and swaps it atomically on each successful fetch; a failed fetch keeps it, so
 * tokens keep verifying while the auth server is down. Each node fetches for itself: nothing is shared
 * but the URL.
 *
 * <p>A token naming an unknown {@code kid} (RFC 7515 §4.1.4; a rotation just happened, or the kid is
 * made up) is handled so that a newly published key is accepted within one {@link RefetchThrottle}
 * interval plus one fetch of its first token, however many forged kids arrive, while this node starts
 * at most one fetch per interval:
 * <ul>
 * <li>throttle open, no fetch under way: the request fetches at once on its own thread and is answered
 *     from the result (bounded by the fetch's own timeouts);</li>
 * <li>a fetch under way: the request waits for it, at most {@code waitBound}, sharing it;</li>
 * <li>throttle closed: the request is refused at once, without a fetch.</li>
 * </ul>
 * A request refused without a fetch that started after it arrived is owed one: a single fetch is
 * scheduled on the given executor for the moment the throttle reopens (after the fetch under way, if
 * any). Owed fetches coalesce: however many requests are owed, one fetch pays them all. The client's
 * next try after that fetch finds the key.
 *
 * <p>Why not jose4j's {@code HttpsJwks} + {@code HttpsJwksVerificationKeyResolver} (measured with
 * scripts/JwksVsJose4j.java, jose4j 0.9.6): with the JWKS answering 503 it fetched once per forged kid (50 for 50,
 * this class 2), 8 unknown kids behind a JWKS stalling 3 s waited up to 24 s in line on its lock (here 3 s, one
 * fetch), a new key's token refused during a flood is never owed a fetch, and it reports nothing readiness can show.
 */
public final class JwksKeys implements VerificationKeys, AutoCloseable {

    private static final Logger LOG = Logs.logger(JwksKeys.class);

    /** Where the JWKS comes from. */
    public interface Source {
        /** The JWKS document; returns or throws within a bounded time. */
        String fetch() throws IOException;

        /** Names the source in log lines (no credentials). */
        String describe();
    }

    private final Source source;
    private final Clock clock;
    private final RefetchThrottle throttle;
    private final Duration waitBound;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<JwksSnapshot> snapshot = new AtomicReference<>(JwksSnapshot.EMPTY);
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile JwksStatus status = JwksStatus.NEVER_FETCHED;

    /** Guards the fields below; held only for bookkeeping, never during a fetch or a wait. */
    private final Object lock = new Object();
    /** The fetch under way, or null. */
    private CompletableFuture<Boolean> inFlight;
    /** How many fetches have started; the fetch under way is number {@code started}. */
    private long started;
    /** A fetch numbered above this is owed to refused requests; none is owed while {@code started > owedAfter}. */
    private long owedAfter;
    /** The owed fetch is scheduled, or waits for the fetch under way to end. */
    private boolean owedArmed;
    private ScheduledFuture<?> owedTask;
    private boolean closed;

    /**
     * @param minRefetchInterval the least time between the starts of two fetches of this node (at least
     *                           {@link RefetchThrottle#LEAST_INTERVAL} in production; tests may go lower)
     * @param waitBound          the longest a request waits for a fetch another thread runs
     * @param scheduler          runs the fetch owed to requests refused while the throttle was closed
     */
    public JwksKeys(Source source, Clock clock, Duration minRefetchInterval, Duration waitBound, ScheduledExecutorService scheduler) {
        this.source = source;
        this.clock = clock;
        this.throttle = new RefetchThrottle(clock, minRefetchInterval);
        this.waitBound = waitBound;
        this.scheduler = scheduler;
    }

    @Override
    public Set<String> algorithms() {
        return KeyFit.JWKS_ALGORITHMS;
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
        JwksSnapshot current = snapshot.get();
        if (current.knows(kid)) {
            // A known kid whose key does not fit the alg is the token's fault: no refetch.
            return current.keysFor(alg, kid);
        }
        CompletableFuture<Boolean> mine = null;
        CompletableFuture<Boolean> running;
        long seen;
        synchronized (lock) {
            running = inFlight;
            seen = started;
            if (running == null && throttle.tryAcquire()) {
                mine = beginLocked();
            }
        }
        if (mine != null) {
            // Started after this token arrived, so it sees every key published by then: nothing is owed.
            runFetch(mine);
            return snapshot.get().keysFor(alg, kid);
        }
        if (running != null) {
            // It may have started before the key was published; if so, a later fetch is owed below.
            await(running);
        }
        JwksSnapshot after = snapshot.get();
        if (!after.knows(kid)) {
            owe(seen);
        }
        return after.keysFor(alg, kid);
    }

    /**
     * Fetches the JWKS now, or joins the fetch under way; for the start-up fetch and the regular
     * schedule. Does not ask the throttle, but starts its interval again. True when the keys in use are
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

    /** Cancels an owed fetch and schedules no more; keys already fetched stay in use. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (owedTask != null) {
                owedTask.cancel(false);
                owedTask = null;
            }
        }
    }

    public JwksStatus status() {
        return status;
    }

    /** A fetch starts: it is under way, it counts, and the throttle's interval starts again. */
    private CompletableFuture<Boolean> beginLocked() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        inFlight = mine;
        started++;
        throttle.record();
        return mine;
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

    /** Makes sure the owed fetch, if any, will run: when the throttle reopens, after the fetch under way. */
    private void armLocked() {
        if (closed || owedArmed || started > owedAfter) {
            return;
        }
        owedArmed = true;
        if (inFlight != null) {
            inFlight.whenComplete((ok, error) -> rearm());
            return;
        }
        // One millisecond more, so the throttle is open when the task runs.
        long delay = throttle.remaining().toMillis() + 1;
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

    /** The owed fetch: runs it if still owed and the throttle allows, else arms again. */
    private void payOwed() {
        try {
            CompletableFuture<Boolean> mine = null;
            synchronized (lock) {
                owedArmed = false;
                owedTask = null;
                if (closed || started > owedAfter) {
                    return;
                }
                if (inFlight == null && throttle.tryAcquire()) {
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
            JwksSnapshot fresh = JwksSnapshot.of(document.keys(), clock.instant());
            JwksSnapshot previous = snapshot.getAndSet(fresh);
            JwksStatus before = status;
            status = before.succeeded(fresh.fetchedAt(), fresh.size());
            if (!fresh.byKid().keySet().equals(previous.byKid().keySet()) || before.failingSince() != null) {
                LOG.info(() -> "JWKS from " + source.describe() + ": " + JwksSnapshot.keys(fresh.size()) + " in use: " + fresh.describe());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            String error = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            JwksStatus before = status;
            status = before.failed(clock.instant(), error);
            // The first failure, and any change of cause, at WARNING; the same failure again only at FINE,
            // so an auth server that is down for hours does not flood the log.
            Level level = before.failingSince() == null || !error.equals(before.lastError()) ? Level.WARNING : Level.FINE;
            JwksSnapshot kept = snapshot.get();
            if (kept.size() == 0) {
                LOG.log(level, () -> "JWKS fetch from " + source.describe() + " failed: " + error
                        + "; no JWKS key yet, so EdDSA/ES256/ES512/RS256/PS256 tokens are refused");
            } else {
                LOG.log(level, () -> "JWKS refresh from " + source.describe() + " failed: " + error
                        + "; still verifying with the " + JwksSnapshot.keys(kept.size()) + " fetched at " + kept.fetchedAt());
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

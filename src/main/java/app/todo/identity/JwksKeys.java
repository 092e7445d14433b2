package app.todo.identity;

import java.io.IOException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The keys of the configured JWKS, for EdDSA, ES256, ES512, RS256 and PS256 tokens. Holds the last
 * good set and swaps it atomically on each successful fetch; a failed fetch keeps it, so tokens keep
 * verifying while the auth server is down. A token naming an unknown kid (a rotation just happened)
 * makes it refetch at once, at most once per {@link RefetchThrottle} interval, and never waits longer
 * than the fetch's own time bound. Each node fetches for itself: nothing is shared but the URL.
 */
public final class JwksKeys implements VerificationKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());

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
    private final AtomicReference<JwksSnapshot> snapshot = new AtomicReference<>(JwksSnapshot.EMPTY);
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile JwksStatus status = JwksStatus.NEVER_FETCHED;

    /**
     * @param minRefetchInterval the least time between two fetches caused by unknown kids
     * @param waitBound          the longest a request waits for a fetch another thread runs
     */
    public JwksKeys(Source source, Clock clock, Duration minRefetchInterval, Duration waitBound) {
        this.source = source;
        this.clock = clock;
        this.throttle = new RefetchThrottle(clock, minRefetchInterval);
        this.waitBound = waitBound;
    }

    @Override
    public Set<String> algorithms() {
        return KeyFit.JWKS_ALGORITHMS;
    }

    @Override
    public boolean requiresKeyId() {
        return true;
    }

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
        CompletableFuture<Boolean> running = inFlight.get();
        if (running != null) {
            await(running);
        } else if (throttle.tryAcquire()) {
            refresh();
        } else {
            return List.of();
        }
        return snapshot.get().keysFor(alg, kid);
    }

    /**
     * Fetches the JWKS now, or joins the fetch another thread is running. True when the keys in use
     * are fresh from this fetch.
     */
    public boolean refresh() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return await(running);
        }
        boolean ok = false;
        try {
            ok = fetchAndSwap();
        } finally {
            mine.complete(ok);
            inFlight.set(null);
        }
        return ok;
    }

    public JwksStatus status() {
        return status;
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

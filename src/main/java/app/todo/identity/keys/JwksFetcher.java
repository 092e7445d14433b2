package app.todo.identity.keys;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the JWKS over HTTP(S) with bounded waits: a connect timeout, a read timeout for the
 * response, and a deadline for the whole exchange (connect + read), so a slow or stalled auth server
 * costs a request at most that long. Only http and https, no redirects, 200 only, at most
 * {@link #MAX_BYTES} of body.
 *
 * <p>Why not jose4j's {@code Get} (scripts/JwksVsJose4j.java): it bounds each read, not the exchange (a JWKS dripping
 * one byte a second held it 159 s, this class 5 s), and it follows redirects.
 */
public final class JwksFetcher implements JwksKeys.Source {

    public static final int MAX_BYTES = 64 * 1024;

    private final URI uri;
    private final Duration deadline;
    private final Duration readTimeout;
    private final HttpClient client;

    public JwksFetcher(URI uri, Duration connectTimeout, Duration readTimeout) {
        this.uri = uri;
        this.readTimeout = readTimeout;
        this.deadline = connectTimeout.plus(readTimeout);
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The URL if it is an absolute http or https URL with a host; otherwise why not. */
    public static URI checkedUri(String setting, String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(setting + " must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(setting + " must name a host and no credentials");
        }
        return uri;
    }

    @Override
    public String describe() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public String fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, JwksFetcher::limitedBody);
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException(describeFailure(e.getCause()));
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String describeFailure(Throwable cause) {
        return cause instanceof TooLarge ? cause.getMessage()
                : cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                : cause instanceof java.net.ConnectException ? "connection refused or unreachable"
                : cause == null ? "failed"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Reads the body of a 200 up to {@link #MAX_BYTES} (a larger declared length fails at once); drops others. */
    private static BodySubscriber<byte[]> limitedBody(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return BodySubscribers.replacing(new byte[0]);
        }
        boolean declaredTooLarge = info.headers().firstValueAsLong("Content-Length").orElse(-1L) > MAX_BYTES;
        BodySubscriber<byte[]> whole = BodySubscribers.ofByteArray();
        return new BodySubscriber<>() {
            private Flow.Subscription subscription;
            private long size;

            @Override
            public CompletionStage<byte[]> getBody() {
                return whole.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                whole.onSubscribe(s);
                if (declaredTooLarge) {
                    tooLarge();
                }
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                size += items.stream().mapToLong(ByteBuffer::remaining).sum();
                if (size > MAX_BYTES) {
                    tooLarge();
                } else {
                    whole.onNext(items);
                }
            }

            @Override
            public void onError(Throwable error) {
                whole.onError(error);
            }

            @Override
            public void onComplete() {
                whole.onComplete();
            }

            private void tooLarge() {
                subscription.cancel();
                whole.onError(new TooLarge());
            }
        };
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("JWKS larger than " + MAX_BYTES + " bytes");
        }
    }
}

package app.todo.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;

/** A small HTTP client for black-box tests against the deployed service. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** HTTP/1.1 only: as browsers and nginx speak to the service over cleartext (no h2c upgrade). */
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final HttpClient client;

    /** @param base the deployment's base URL, ending in '/' */
    public Http(URI base) {
        this(base, CLIENT);
    }

    private Http(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client of {@code base} that speaks HTTP/1.1 only, as browsers and nginx do over cleartext. */
    public static Http http11(URI base) {
        return new Http(base, HTTP_1_1);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(30));
    }

    /** A request to an absolute URL the service handed out (Location, Link). */
    public HttpRequest.Builder request(URI absolute) {
        return HttpRequest.newBuilder(absolute).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = request(path).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    public static JsonObject json(HttpResponse<String> response) {
        return (JsonObject) structure(response.body());
    }

    public static JsonStructure structure(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }
}

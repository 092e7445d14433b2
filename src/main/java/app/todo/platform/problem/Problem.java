package app.todo.platform.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem body: {@code detail} always (the frontend shows it), {@code errors} for validation only. */
public record Problem(int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field of a request body or query. */
    public record FieldError(String field, String message) {
    }

    public Problem(int status, String detail) {
        this(status, detail, List.of());
    }

    public String title() {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : switch (status) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            default -> "Error";
        };
    }

    public String toJson() {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title())
                .add("status", status)
                .add("detail", detail);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            errors.forEach(e -> list.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        return body.build().toString();
    }

    /** Every error answer: {@code Cache-Control: no-store} (docs/api.md#caching), so nothing keeps a refusal. */
    public static final String CACHE_CONTROL = "no-store";

    public Response.ResponseBuilder toResponse() {
        return Response.status(status, title()).type(MEDIA_TYPE).entity(toJson()).header("Cache-Control", CACHE_CONTROL);
    }

    /** This problem as the whole answer on a servlet response ({@link Fixed#writeTo}). */
    public void writeTo(HttpServletResponse response) throws IOException {
        fixed().writeTo(response);
    }

    /** This problem with its body written once, for answers sent at high rates (the 401 of every bad token). */
    public Fixed fixed() {
        return new Fixed(this, toJson());
    }

    /** A problem and its JSON body, written once. */
    public record Fixed(Problem problem, String json) {
        /** The whole answer: status, {@link #MEDIA_TYPE}, no-store, Content-Length, body; other headers set before. */
        public void writeTo(HttpServletResponse response) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            response.setStatus(problem.status());
            response.setContentType(MEDIA_TYPE);
            response.setHeader("Cache-Control", CACHE_CONTROL);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** The fixed detail for a status when nothing more precise is known. */
    public static String defaultDetail(int status) {
        return DEFAULT_DETAILS.getOrDefault(status, status >= 500
                ? "The server could not complete the request." : "The request could not be completed.");
    }

    private static final Map<Integer, String> DEFAULT_DETAILS = Map.ofEntries(
            Map.entry(400, "The request is malformed."),
            Map.entry(401, "A valid bearer token is required to access this resource."),
            Map.entry(403, "You may not access this resource."),
            Map.entry(404, "No such resource."),
            Map.entry(405, "This method is not allowed on this resource."),
            Map.entry(406, "No acceptable representation: this API produces application/json."),
            Map.entry(412, "The resource has changed since the version given in If-Match."),
            Map.entry(413, "The request body is too large."),
            Map.entry(415, "Unsupported content type: send application/json."),
            Map.entry(422, "The request body breaks a validation rule."),
            Map.entry(500, "An unexpected error occurred."),
            Map.entry(503, "The service is temporarily unavailable; try again later."));
}

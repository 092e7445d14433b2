package app.todo.tasks;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import app.todo.identity.CurrentUser;
import app.todo.platform.problem.ProblemException;
import app.todo.platform.http.BodyLimitFilter;

/**
 * The six task routes of API.md. The owner is always the caller, the request's principal (the verified token's
 * {@link CurrentUser}), whose id the TenantGuard has checked against the path's {user_id}. One instance serves every
 * request and nothing request-scoped is made for one (a bean creation per request: ~6 % of a listing's CPU).
 */
@Path("{user_id}/tasks")
@ApplicationScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private static final String NOT_FOUND = "No such task.";

    private String owner() {
        return ((CurrentUser) security.getUserPrincipal()).userId();
    }

    @Context
    SecurityContext security;

    @Inject
    TaskStore store;

    @Inject
    TaskBodyReader bodies;

    /**
     * What browsers may do with a task or a list (docs/api.md#caching): keep it only for this user
     * ({@code private}) and ask again, with {@code If-None-Match}, before each use ({@code no-cache}).
     */
    static final String READ_CACHING = "private, no-cache";

    /** Every other answer of these routes: a create, a change, a delete (errors get the same from Problem). */
    static final String NO_STORE = "no-store";

    @GET
    public Response list(@Context UriInfo uri, @HeaderParam(HttpHeaders.IF_NONE_MATCH) List<String> ifNoneMatch) {
        TaskPage page = store.list(owner(), TaskQuery.parse(uri.getQueryParameters()));
        String tag = page.etag();
        Response.ResponseBuilder answer = unchanged(ifNoneMatch, tag) ? Response.notModified() : Response.ok(page.tasks());
        page.next().ifPresent(next -> answer.link(uri.getRequestUriBuilder()
                .replaceQueryParam("cursor", next.encode()).build(), "next"));
        return answer.header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, READ_CACHING).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context UriInfo uri, InputStream body) {
        TaskView task = store.create(owner(), bodies.forCreate(BodyLimitFilter.read(body)));
        URI location = uri.getAbsolutePathBuilder().path(task.id()).build();
        return Response.created(location).header(HttpHeaders.ETAG, task.etag()).entity(task)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) List<String> ifNoneMatch) {
        TaskView found = store.find(owner(), id).orElseThrow(() -> new ProblemException(404, NOT_FOUND));
        Response.ResponseBuilder answer = unchanged(ifNoneMatch, found.etag()) ? Response.notModified() : Response.ok(found);
        return answer.header(HttpHeaders.ETAG, found.etag()).header(HttpHeaders.CACHE_CONTROL, READ_CACHING).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           InputStream body) {
        TaskChanges changes = bodies.forUpdate(BodyLimitFilter.read(body));
        return withTag(store.update(owner(), id, tags(ifMatch), changes));
    }

    @PATCH
    @Path("{id}/complete")
    public Response toggleCompleted(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        return withTag(store.toggleCompleted(owner(), id, tags(ifMatch)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        if (!store.delete(owner(), id)) {
            throw new ProblemException(404, NOT_FOUND);
        }
        return Response.noContent().header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /**
     * A GET (or HEAD) whose If-None-Match names the current tag is answered 304 with no body, the same ETag and
     * Cache-Control (RFC 9110 §13.1.2, §15.4.5); weak comparison, so {@code W/"3"} matches {@code "3"}.
     */
    private static boolean unchanged(List<String> ifNoneMatch, String currentTag) {
        return tags(ifNoneMatch).map(value -> TaskView.listed(value, currentTag, true)).orElse(false);
    }

    /**
     * Every line of a list field (If-Match, If-None-Match) as one list, RFC 9110 §5.3: two lines mean the same as one
     * line with both tags (a String parameter would see the first only); empty when the field is absent.
     */
    static Optional<String> tags(List<String> lines) {
        return lines == null || lines.isEmpty() ? Optional.empty() : Optional.of(String.join(",", lines));
    }

    /** The answer to a change: the task as it now is, its tag; not to be stored (it answers an unsafe method). */
    private static Response withTag(Optional<TaskView> task) {
        TaskView found = task.orElseThrow(() -> new ProblemException(404, NOT_FOUND));
        return Response.ok(found).header(HttpHeaders.ETAG, found.etag()).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }
}

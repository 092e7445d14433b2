package app.todo.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable(List.of("/api/{user_id}/tasks", "/api/{user_id}/tasks/{id}",
            "/api/{user_id}/tasks/{id}/complete", "/api/me"));

    @Test
    void aPathGetsTheTemplateItFitsNeverItsIds() {
        assertEquals("/api/me", table.routeOf("/api/me"));
        assertEquals("/api/me", table.routeOf("/api/me/"));
        assertEquals("/api/{user_id}/tasks", table.routeOf("/api/alice/tasks"));
        assertEquals("/api/{user_id}/tasks/{id}", table.routeOf("/api/alice/tasks/42"));
        assertEquals("/api/{user_id}/tasks/{id}/complete", table.routeOf("/api/alice/tasks/42/complete"));
    }

    @Test
    void aPathThatFitsNoTemplateIsUnmatched() {
        assertEquals(RouteTable.UNMATCHED, table.routeOf("/api"));
        assertEquals(RouteTable.UNMATCHED, table.routeOf("/api/nothing-here"));
        assertEquals(RouteTable.UNMATCHED, table.routeOf("/api/alice/tasks/42/complete/more"));
        assertEquals(RouteTable.UNMATCHED, table.routeOf("/api//tasks"));
    }

    @Test
    void literalTemplatesComeBeforeParameters() {
        RouteTable both = new RouteTable(List.of("/api/{user_id}", "/api/me"));
        assertEquals("/api/me", both.routeOf("/api/me"));
        assertEquals("/api/{user_id}", both.routeOf("/api/alice"));
    }
}

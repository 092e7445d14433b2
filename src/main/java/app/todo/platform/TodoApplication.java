package app.todo.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, mapped under /api; every resource in the WAR is discovered. */
@ApplicationPath("api")
public class TodoApplication extends Application {
}

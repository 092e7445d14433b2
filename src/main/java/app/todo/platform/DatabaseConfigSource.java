package app.todo.platform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses the database for the one WAR: PostgreSQL when {@code TODO_DB_URL} is set, else the embedded
 * H2 file database under {@code TODO_DATA_DIR} (default {@code ./data}). {@link Database} reads the
 * result through {@code ${MPCONFIG=todo.datasource.*}}. Registered in META-INF/services.
 */
public class DatabaseConfigSource implements ConfigSource {

    static final String CLASS = "todo.datasource.class";
    static final String URL = "todo.datasource.url";
    static final String USER = "todo.datasource.user";
    static final String PASSWORD = "todo.datasource.password";

    /** Bounded waits on PostgreSQL: connecting, logging in, and any single socket read. */
    static final String POSTGRES_TIMEOUTS = "connectTimeout=3&loginTimeout=5&socketTimeout=30&tcpKeepAlive=true";

    private final Map<String, String> values;

    public DatabaseConfigSource() {
        this.values = resolve(setting("TODO_DB_URL", "todo.db.url"), setting("TODO_DB_USER", "todo.db.user"),
                setting("TODO_DB_PASSWORD", "todo.db.password"), setting("TODO_DATA_DIR", "todo.data.dir"));
    }

    static Map<String, String> resolve(String url, String user, String password, String dataDir) {
        Map<String, String> map = new HashMap<>();
        if (url != null) {
            map.put(CLASS, "org.postgresql.ds.PGSimpleDataSource");
            map.put(URL, url + (url.contains("?") ? "&" : "?") + POSTGRES_TIMEOUTS);
            map.put(USER, user != null ? user : "todo");
            if (password != null) {
                map.put(PASSWORD, password);
            }
        } else {
            Path file = Path.of(dataDir != null ? dataDir : "data").toAbsolutePath().resolve("todo");
            map.put(CLASS, "org.h2.jdbcx.JdbcDataSource");
            map.put(URL, "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            map.put(USER, "todo");
            map.put(PASSWORD, "todo");
        }
        return Map.copyOf(map);
    }

    /** An environment variable, else the system property of the same setting; blank counts as unset. */
    private static String setting(String env, String property) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** Whether the service runs on PostgreSQL rather than the embedded H2 database. */
    public boolean postgres() {
        return values.get(CLASS).startsWith("org.postgresql");
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "todo-database";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}

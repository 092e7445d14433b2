package app.todo.platform.database;

/**
 * The service's data source, {@code jdbc/todo}: a pool that the server defines, not the WAR. On PostgreSQL it comes
 * from server-config/post-boot-commands.asadmin (URL and credentials from the environment), on the embedded H2
 * database from server-config/embedded/. One WAR runs on either; the operator chooses with the post-boot file.
 */
public final class Database {

    /** JNDI name of the data source that EntityManagers, SchemaMigration and DatabaseHealth use. */
    public static final String JNDI_NAME = "jdbc/todo";

    private Database() {
    }
}

package app.todo.platform;

import java.util.logging.Logger;

import javax.sql.DataSource;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * Puts {@link MeteredDataSource} between EclipseLink and the server's pool, for every login the persistence unit
 * has (named in META-INF/persistence.xml as {@code eclipselink.session.customizer}).
 */
public class MeteredConnections implements SessionCustomizer {

    private static final Logger LOG = Logger.getLogger(MeteredConnections.class.getName());

    @Override
    public void customize(Session session) {
        boolean metered = meter(session.getDatasourceLogin());
        if (session instanceof ServerSession server && server.getReadConnectionPool() != null) {
            meter(server.getReadConnectionPool().getLogin());
        }
        if (!metered) {
            LOG.warning("Database pool metrics unavailable: the persistence unit has no data source object to count");
        }
    }

    private static boolean meter(Login login) {
        if (login instanceof org.eclipse.persistence.sessions.DatasourceLogin datasourceLogin) {
            Connector connector = datasourceLogin.getConnector();
            if (connector instanceof JNDIConnector jndi && jndi.getDataSource() != null) {
                DataSource pool = jndi.getDataSource();
                jndi.setDataSource(MeteredDataSource.of(pool));
                return true;
            }
        }
        return false;
    }
}

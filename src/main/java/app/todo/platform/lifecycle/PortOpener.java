package app.todo.platform.lifecycle;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import app.todo.platform.logging.Logs;

/**
 * Opens the HTTP port when the operator command has no {@code --postdeploycommandfile}. The pre-boot file creates
 * the listener disabled and {@code server-config/post-deploy-commands.asadmin} opens it once the WAR is deployed
 * (so /api is never answered by Payara's own pages); a command line written before that file existed (for example
 * an older deployment script) would otherwise leave the port closed for good. Then the application opens it
 * itself, {@link #DELAY} after its context started: the start window may show Payara's pages again, which the log
 * says once, with the fix.
 */
@WebListener
public class PortOpener implements ServletContextListener {

    private static final Logger LOG = Logs.logger(PortOpener.class);

    /** After the context started: long enough for the rest of the deployment (CDI start-up observers) to end. */
    static final Duration DELAY = Duration.ofSeconds(2);

    static final String POST_DEPLOY_OPTION = "--postdeploycommandfile";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (namesPostDeployFile(System.getProperty("sun.java.command", ""))) {
            return;
        }
        Thread opener = new Thread(PortOpener::open, "todo-port-opener");
        opener.setDaemon(true);
        opener.start();
    }

    /** Whether the command line of this JVM passes the post-deploy file that opens the port (any letter case). */
    static boolean namesPostDeployFile(String commandLine) {
        return commandLine.toLowerCase(java.util.Locale.ROOT).contains(POST_DEPLOY_OPTION);
    }

    private static void open() {
        try {
            Thread.sleep(DELAY.toMillis());
            String status = ServerCommands.set(ServerCommands.LISTENER, "true");
            LOG.log(Level.INFO, "HTTP port opened by the application ({0}): the command line has no {1} "
                    + "server-config/post-deploy-commands.asadmin, which would keep Payara''s own pages away from /api "
                    + "while it starts", new Object[] {status, POST_DEPLOY_OPTION});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.SEVERE, "The HTTP port is closed and could not be opened: start Payara Micro with {0} "
                    + "server-config/post-deploy-commands.asadmin ({1})", new Object[] {POST_DEPLOY_OPTION, String.valueOf(e)});
        }
    }
}

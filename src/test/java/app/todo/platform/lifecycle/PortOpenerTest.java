package app.todo.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which command lines open the port themselves (the post-deploy file) and which leave it to the application. */
class PortOpenerTest {

    @Test
    void theOperatorCommandOfTheReadmeOpensThePortItself() {
        assertTrue(PortOpener.namesPostDeployFile("payara-micro.jar --deploy target/todo-api.war --postdeploycommandfile "
                + "server-config/post-deploy-commands.asadmin --shutdowngrace 5000"));
        assertTrue(PortOpener.namesPostDeployFile("payara-micro.jar --postDeployCommandFile x.asadmin"));
    }

    @Test
    void anOlderCommandLineLeavesItToTheApplication() {
        assertFalse(PortOpener.namesPostDeployFile("payara-micro.jar --addLibs target/lib/postgresql.jar --deploy "
                + "target/todo-api.war --contextroot / --port 18090 --nocluster --prebootcommandfile "
                + "server-config/pre-boot-commands.asadmin --postbootcommandfile server-config/post-boot-commands.asadmin"));
    }
}

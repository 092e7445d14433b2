package app.todo.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Logger;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;

/**
 * One Payara Micro per distinct deployment for the whole Arquillian run, instead of one per test class.
 * arquillian-payara-micro-managed (3.1) starts a new Payara Micro JVM in {@code deploy} and stops it in
 * {@code undeploy}, i.e. once per test class (it has no option to reuse a running one, nor a remote adapter for
 * Jakarta EE 10); WildFly's managed adapter starts once and deploys per class. This extension puts a container
 * in its place that starts Payara Micro (through the adapter, unchanged) for the first class of a deployment, hands
 * every later class with the same deployment (same archive name and entries: {@link Deployments#suite()}) the
 * server already running it, and stops them all when the suite ends (Arquillian's {@code stop}; the adapter's
 * shutdown hook if the JVM ends first). A class with a deployment of its own still gets a server of its own.
 *
 * <p>Registered in META-INF/services; it does nothing where the Payara adapter is not on the class path (the
 * failsafe execution wildfly-it).
 */
// Hand-written because no maintained library does it for this adapter (arquillian-suite-extension targets JUnit 4
// and one deployment for every class; arquillian-payara-micro-remote is not published for 3.x). Measured
// (2026-12-04, payara-it once before and once after, side by side, machine load 25-55 on 2 cores): the adapter's
// Payara Micro starts 9 -> 1; e.g. RevocationIT 129 s -> 3.5 s, StatusLinesIT 180 s -> 3.8 s; before, four classes
// failed because their own start overran the 180 s startup timeout under that load.
public final class SharedPayaraMicro implements LoadableExtension {

    private static final String ADAPTER = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        try {
            Class.forName(ADAPTER, false, SharedPayaraMicro.class.getClassLoader());
        } catch (ClassNotFoundException notPayara) {
            return;
        }
        builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, Container.class);
    }

    /** The adapter's container, one started server per distinct deployment, kept until {@link #stop()}. */
    public static final class Container implements DeployableContainer<PayaraMicroContainerConfiguration> {

        private static final Logger LOG = Logger.getLogger(SharedPayaraMicro.class.getName());

        private final Map<String, Running> running = new LinkedHashMap<>();
        private PayaraMicroContainerConfiguration configuration;

        private record Running(PayaraMicroDeployableContainer server, Archive<?> archive, ProtocolMetaData metaData) {
        }

        @Override
        public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
            return PayaraMicroContainerConfiguration.class;
        }

        @Override
        public void setup(PayaraMicroContainerConfiguration configuration) {
            this.configuration = configuration;
        }

        @Override
        public ProtocolDescription getDefaultProtocol() {
            return new PayaraMicroDeployableContainer().getDefaultProtocol();
        }

        @Override
        public synchronized ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
            String key = identity(archive);
            Running server = running.get(key);
            if (server != null) {
                LOG.info(() -> "Payara Micro already running " + archive.getName() + ": reused");
                return server.metaData();
            }
            PayaraMicroDeployableContainer started = new PayaraMicroDeployableContainer();
            started.setup(configuration);
            ProtocolMetaData metaData;
            try {
                metaData = started.deploy(archive);
            } catch (DeploymentException | RuntimeException e) {
                stopFailed(started, archive, e);
                throw e;
            }
            if (metaData == null) {
                // The adapter returns null (after logging why) when the start timed out or was interrupted.
                DeploymentException failed = new DeploymentException("Payara Micro did not start " + archive.getName());
                stopFailed(started, archive, failed);
                throw failed;
            }
            running.put(key, new Running(started, archive, metaData));
            return metaData;
        }

        /** A server whose start failed is stopped now, not left running until the JVM ends. */
        private static void stopFailed(PayaraMicroDeployableContainer server, Archive<?> archive, Exception failure) {
            try {
                server.undeploy(archive);
            } catch (DeploymentException | RuntimeException e) {
                failure.addSuppressed(e); // e.g. no process at all: the adapter could not launch it
            }
        }

        /** Nothing yet: the server stays for the next class with this deployment, and stops in {@link #stop()}. */
        @Override
        public void undeploy(Archive<?> archive) {
        }

        @Override
        public synchronized void stop() throws LifecycleException {
            List<Exception> failures = new ArrayList<>();
            for (Running server : running.values()) {
                try {
                    server.server().undeploy(server.archive());
                } catch (DeploymentException | RuntimeException e) {
                    failures.add(e);
                }
            }
            running.clear();
            if (!failures.isEmpty()) {
                LifecycleException failed = new LifecycleException("Payara Micro did not stop");
                failures.forEach(failed::addSuppressed);
                throw failed;
            }
        }

        /** A deployment's identity: its name (Payara Micro's context root) and the paths of its entries. */
        private static String identity(Archive<?> archive) {
            TreeSet<String> paths = new TreeSet<>();
            archive.getContent().keySet().forEach(path -> paths.add(path.get()));
            return archive.getName() + "\n" + String.join("\n", paths);
        }
    }
}

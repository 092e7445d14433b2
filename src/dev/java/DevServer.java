import java.util.concurrent.TimeUnit;

/**
 * The quick start's launcher (`mvn -Pdev`): runs its arguments (the Payara Micro command) as a child process and
 * stops that child whenever this process stops, so the server never outlives Maven. exec:exec leaves its child
 * running when Maven is killed; this launcher, itself that child, stops Payara when
 * <ul>
 * <li>it is interrupted or terminated (Ctrl-C, {@code kill}): a shutdown hook;</li>
 * <li>Maven, its parent, is gone, even after {@code kill -9}: it checks every second.</li>
 * </ul>
 * JDK only, run from source: {@code java src/dev/java/DevServer.java java -jar payara-micro.jar ...}.
 */
public final class DevServer {

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java DevServer.java COMMAND [ARGS...]");
            System.exit(2);
        }
        Process server = new ProcessBuilder(args).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        while (!server.waitFor(1, TimeUnit.SECONDS)) {
            if (parent != null && !parent.isAlive()) {
                System.err.println("DevServer: Maven is gone, stopping the server");
                stop(server);
                break;
            }
        }
        System.exit(server.waitFor());
    }

    /** SIGTERM (Payara shuts down in order), then a kill after 30 s. */
    private static void stop(Process server) {
        if (!server.isAlive()) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

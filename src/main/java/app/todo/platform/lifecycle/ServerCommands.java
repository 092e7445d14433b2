package app.todo.platform.lifecycle;

/**
 * Runs an asadmin {@code set} in-process through the server's own command runner
 * ({@code org.glassfish.embeddable.CommandRunner} from its service locator), looked up by reflection: the WAR
 * does not compile against Payara.
 */
final class ServerCommands {

    /** The asadmin setting that opens and closes the HTTP port. */
    static final String LISTENER = "configs.config.server-config.network-config.network-listeners.network-listener"
            + ".http-listener.enabled";

    private ServerCommands() {
    }

    /**
     * {@code asadmin set name=value}.
     *
     * @return the command's exit status as the server reports it ({@code SUCCESS}, {@code FAILURE}, …)
     * @throws ReflectiveOperationException when the server's command runner cannot be had
     */
    static String set(String name, String value) throws ReflectiveOperationException {
        ClassLoader loader = ServerCommands.class.getClassLoader();
        Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, loader);
        Object locator = globals.getMethod("getDefaultBaseServiceLocator").invoke(null);
        Class<?> runnerType = Class.forName("org.glassfish.embeddable.CommandRunner", true, loader);
        Object runner = locator.getClass().getMethod("getService", Class.class,
                java.lang.annotation.Annotation[].class).invoke(locator, runnerType,
                new java.lang.annotation.Annotation[0]);
        Object result = runnerType.getMethod("run", String.class, String[].class)
                .invoke(runner, "set", new String[] {name + "=" + value});
        // through the public interface: the result's own class is a private one of the server's
        Class<?> resultType = Class.forName("org.glassfish.embeddable.CommandResult", true, loader);
        return String.valueOf(resultType.getMethod("getExitStatus").invoke(result));
    }
}

package app.todo.platform.logging.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The JDK's LogManager for Payara Micro's operator command ({@code -Djava.util.logging.manager=}, README), so every line
 * of its server log is a record of its formatter, the stop's included:
 * <ul>
 * <li>{@link #reset()} does nothing once the JVM shuts down: the JDK resets from a shutdown hook of its own, racing
 * Payara Micro's, and the stop's records ("Payara Micro STOPPED.") were lost or in the JDK's default format (1 JSON run
 * in 3, 2026-12-04). JBoss LogManager never resets either.</li>
 * <li>A console handler created while the JVM shuts down writes nothing ({@link Silent}): Payara Micro's shutdown hook
 * adds one for its last record, which then came twice, or (scripts/payara.sh) as an ErrorManager stack trace from
 * Payara's ODL formatter asking the shut-down HK2 locator.</li>
 * <li>Each line printed to {@code System.out} becomes one INFO record of the logger {@value #STDOUT} (WildFly's name),
 * in the server log (standard error): Payara's JDBC runtime prints one on stop. File descriptor 1 stays free for the
 * access log ({@code TODO_ACCESS_LOG=-}).</li>
 * </ul>
 * Ours: neither the JDK nor Payara Micro has either switch (jboss-stdio has the second: LGPL, last release 2019, an
 * unbounded line buffer).
 */
public class ServerLogManager extends LogManager {

    /** The logger of the lines printed to {@code System.out}. */
    public static final String STDOUT = "stdout";

    private static final String CONSOLE_FILTER = "java.util.logging.ConsoleHandler.filter";

    public ServerLogManager() {
        System.setOut(new PrintStream(new LineRecords(System.out), true, StandardCharsets.UTF_8));
    }

    /** The JDK's reset, except while the JVM shuts down (then nothing: the handlers stay, see the class comment). */
    @Override
    public void reset() {
        if (!shuttingDown()) {
            super.reset();
        }
    }

    /** The JDK's property, except {@link Silent} as the filter of a console handler created while the JVM shuts down. */
    @Override
    public String getProperty(String name) {
        return CONSOLE_FILTER.equals(name) && shuttingDown() ? Silent.class.getName() : super.getProperty(name);
    }

    /** A handler's filter that lets no record through (public, with a public constructor: the JDK creates it by name). */
    public static final class Silent implements Filter {

        @Override
        public boolean isLoggable(LogRecord record) {
            return false;
        }
    }

    /** Whether the JVM has begun to run its shutdown hooks ({@code addShutdownHook} refuses new ones from then on). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    /**
     * An output stream that logs each line it is given (UTF-8, without its line end) as one record; a line longer than
     * {@link #MAX_LINE} bytes is logged in parts of that size. A line written while this thread is already logging one
     * (a handler that writes to {@code System.out}) goes to {@code original} as it is, never back into the log.
     */
    static final class LineRecords extends OutputStream {

        /** Longest record made of one line, bytes: the buffer is bounded whatever is printed. */
        static final int MAX_LINE = 16 * 1024;

        private final PrintStream original;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private final ThreadLocal<Boolean> logging = ThreadLocal.withInitial(() -> false);

        LineRecords(PrintStream original) {
            this.original = original;
        }

        @Override
        public synchronized void write(int b) {
            if (logging.get()) {
                original.write(b);
            } else if (b == '\n') {
                log();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    log();
                }
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        private void log() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            logging.set(true);
            try {
                Logger.getLogger(STDOUT).log(Level.INFO, text);
            } finally {
                logging.set(false);
            }
        }
    }
}

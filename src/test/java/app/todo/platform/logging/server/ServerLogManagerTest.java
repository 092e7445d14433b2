package app.todo.platform.logging.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's logging with {@code -Djava.util.logging.manager=app.todo.platform.logging.server.ServerLogManager}, as
 * Payara Micro's operator command runs it, in a JVM of its own ({@link Stopping}) that configures its logging the way
 * Payara Micro does (readConfiguration of a JSON logging file) and logs and prints while it starts and while its
 * shutdown hook runs, resetting the logging in between as the JDK's own shutdown hook does: every line on standard error is one JSON record, nothing on standard output.
 */
class ServerLogManagerTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordAndPrintedLineIsAJsonRecordOnStandardErrorUntilTheLastShutdownHookEnds() throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.formatter=app.todo.platform.logging.server.ServerLogFormatter
                .level=INFO
                """);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=" + ServerLogManager.class.getName(),
                "-cp", System.getProperty("java.class.path"), Stopping.class.getName(), config.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM exits");

        assertEquals("", Files.readString(out), "standard output is left to the access log");
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject record = reader.readObject();
                messages.add(record.getString("log.logger") + ": " + record.getString("message"));
            } catch (RuntimeException e) {
                throw new AssertionError("not one JSON record: " + line + "\n" + Files.readString(err), e);
            }
        }
        assertEquals(List.of("test.stop: started", "stdout: printed {0} \"quoted\"",
                "test.stop: stopping", "stdout: printed on stop", "test.stop: stopped"), messages);
    }

    /**
     * A JVM that reads the logging file named by its argument as Payara Micro reads {@code --logproperties}, logs,
     * prints, and exits; its shutdown hook logs and prints, resets the logging as the JDK's own shutdown hook does, and logs again.
     */
    static final class Stopping {
        public static void main(String[] args) throws Exception {
            try (InputStream config = new FileInputStream(args[0])) {
                LogManager.getLogManager().readConfiguration(config);
            }
            Logger log = Logger.getLogger("test.stop");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("stopping");
                System.out.println("printed on stop");
                // What the JDK's own shutdown hook (LogManager's Cleaner) does at this point of a stop, called here
                // so that it has certainly happened before the last record, whatever order the hooks run in.
                LogManager.getLogManager().reset();
                log.info("stopped");
            }));
            log.info("started");
            System.out.println("printed {0} \"quoted\"");
        }
    }
}

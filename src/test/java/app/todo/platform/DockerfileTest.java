package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image cannot be built here (no Docker engine), so this pins what matters in docker/Dockerfile as text:
 * it runs the operator command of docs/deployment.md, on the Payara version the tests run, as user payara.
 */
class DockerfileTest {

    /** The operator command; the image adds only a writable instance root. */
    static final List<String> OPERATOR_COMMAND = List.of("-jar", "payara-micro.jar",
            "--addLibs", "lib/postgresql.jar", "--deploy", "todo-api.war", "--contextroot", "/", "--port", "8080",
            "--nocluster", "--prebootcommandfile", "server-config/pre-boot-commands.asadmin",
            "--postbootcommandfile", "server-config/post-boot-commands.asadmin",
            "--postdeploycommandfile", "server-config/post-deploy-commands.asadmin", "--shutdowngrace", "5000",
            "--logproperties");

    private final String dockerfile = read("docker/Dockerfile");

    @TempDir
    Path dir;

    @Test
    void entrypointIsTheOperatorCommandWithTheLoggingFileOfTodoLogFormat() throws Exception {
        List<String> plain = entrypoint(Map.of(), "--extra");
        assertEquals(List.of("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-Duser.timezone=UTC"),
                plain.subList(0, 3), "JAVA_OPTS first");
        List<String> command = plain.subList(plain.indexOf("-jar"), plain.size());
        assertEquals(OPERATOR_COMMAND, command.subList(0, OPERATOR_COMMAND.size()));
        assertEquals(List.of("server-config/logging-plain.properties", "--rootDir", "/opt/payara/rootdir", "--extra"),
                command.subList(OPERATOR_COMMAND.size(), command.size()), "plain by default; docker run arguments last");
        assertTrue(entrypoint(Map.of("TODO_LOG_FORMAT", "json")).contains("server-config/logging-json.properties"));
        assertEquals(List.of(), execForm("CMD"), "the base image's CMD (--deploymentDir) must not be appended");
        assertTrue(Files.isRegularFile(Path.of("server-config/logging-plain.properties")));
        assertTrue(Files.isRegularFile(Path.of("server-config/logging-json.properties")));
        assertTrue(Files.isRegularFile(Path.of("server-config/pre-boot-commands.asadmin")));
        assertTrue(Files.isRegularFile(Path.of("server-config/post-boot-commands.asadmin")));
        assertTrue(Files.isRegularFile(Path.of("server-config/post-deploy-commands.asadmin")));
        assertTrue(dockerfile.contains("\nCOPY --chown=payara:payara target/lib/postgresql.jar lib/postgresql.jar\n"),
                "the image carries the driver that --addLibs names");
    }

    @Test
    void runsThePayaraVersionOfThePomOnJdk17() {
        String version = single(read("pom.xml"), "<payara\\.version>([^<]+)</payara\\.version>");
        assertEquals("payara/micro:" + version + "-jdk17", single(dockerfile, "(?m)^FROM\\s+(\\S+)"));
    }

    @Test
    void runsAsPayaraAndChecksReadiness() {
        assertEquals("payara", single(dockerfile, "(?m)^USER\\s+(\\S+)"));
        assertTrue(dockerfile.contains("\nEXPOSE 8080\n"));
        assertTrue(single(dockerfile, "(?m)^\\s+CMD (\\[\"java\".*\\])$").endsWith("\"http://127.0.0.1:8080/health/ready\"]"));
        assertFalse(dockerfile.contains("ENV JDK_JAVA_OPTIONS"), "the launcher would print a NOTE line, not a record");
    }

    @Test
    void anUnknownLogFormatStopsTheContainerSayingWhy() throws Exception {
        Process sh = run(Map.of("TODO_LOG_FORMAT", "xml"));
        assertEquals(64, sh.exitValue());
        assertTrue(new String(sh.getErrorStream().readAllBytes()).contains("TODO_LOG_FORMAT must be plain or json"));
    }

    /**
     * The arguments java gets from the ENTRYPOINT (run by sh here, with a {@code java} on PATH that prints them
     * one per line), with the image's JAVA_OPTS and these variables.
     */
    private List<String> entrypoint(Map<String, String> env, String... dockerRunArguments) throws Exception {
        Process sh = run(env, dockerRunArguments);
        assertEquals(0, sh.exitValue(), () -> new String(readErr(sh)));
        return new String(sh.getInputStream().readAllBytes()).lines().toList();
    }

    private Process run(Map<String, String> env, String... dockerRunArguments) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("java");
        Files.writeString(stub, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        stub.toFile().setExecutable(true);
        List<String> command = new java.util.ArrayList<>(execForm("ENTRYPOINT"));
        command.addAll(List.of(dockerRunArguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("JAVA_OPTS", single(dockerfile, "(?m)^ENV JAVA_OPTS=\"([^\"]*)\""));
        builder.environment().putAll(env);
        Process sh = builder.start();
        assertTrue(sh.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        return sh;
    }

    private static byte[] readErr(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON array of an exec-form instruction such as {@code ENTRYPOINT ["java", ...]}. */
    private List<String> execForm(String instruction) {
        return execForm(dockerfile, instruction);
    }

    /** The JSON array of an exec-form instruction of {@code dockerfile}. */
    static List<String> execForm(String dockerfile, String instruction) {
        String json = single(dockerfile, "(?m)^" + instruction + "\\s+(\\[.*\\])\\s*$");
        return Json.createReader(new StringReader(json)).readArray().getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
    }

    /** The one match of {@code regex}'s first group in {@code text}; fails on none or several. */
    static String single(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        String value = m.group(1);
        assertFalse(m.find(), "more than one match for " + regex);
        return value;
    }

    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

/**
 * The image cannot be built here (no Docker engine), so this pins what matters in docker/Dockerfile as text:
 * it runs the operator command of docs/deployment.md, on the Payara version the tests run, as user payara.
 */
class DockerfileTest {

    /** The operator command; the image adds only a writable instance root. */
    static final List<String> OPERATOR_COMMAND = List.of("java", "-jar", "payara-micro.jar",
            "--addLibs", "lib/postgresql.jar", "--deploy", "todo-api.war", "--contextroot", "/", "--port", "8080",
            "--nocluster", "--prebootcommandfile", "server-config/pre-boot-commands.asadmin",
            "--postbootcommandfile", "server-config/post-boot-commands.asadmin",
            "--postdeploycommandfile", "server-config/post-deploy-commands.asadmin", "--shutdowngrace", "5000");

    private final String dockerfile = read("docker/Dockerfile");

    @Test
    void entrypointIsTheOperatorCommand() {
        List<String> entrypoint = execForm("ENTRYPOINT");
        assertEquals(OPERATOR_COMMAND, entrypoint.subList(0, OPERATOR_COMMAND.size()));
        assertEquals(List.of("--rootDir", "/opt/payara/rootdir"), entrypoint.subList(OPERATOR_COMMAND.size(), entrypoint.size()));
        assertEquals(List.of(), execForm("CMD"), "the base image's CMD (--deploymentDir) must not be appended");
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
        assertTrue(single(dockerfile, "(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"").contains("-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"));
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

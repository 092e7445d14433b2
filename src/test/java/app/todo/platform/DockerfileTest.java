package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/Dockerfile against the files around it (the image cannot be built here: no Docker engine). Nothing is
 * restated: what it copies must be in the repository or made by {@code mvn package} (pom.xml), what its command
 * names must be in the image, what it sets must be read by its command or by the service, its command must be the
 * README's operator command, its base image the Payara the tests run. Its ENTRYPOINT runs here, by sh, with a
 * {@code java} that prints its arguments.
 */
class DockerfileTest {

    /** What the base image payara/micro brings in its working directory. */
    static final Set<String> FROM_BASE_IMAGE = Set.of("payara-micro.jar");
    /** The options of the operator command whose value is a file in the working directory. */
    static final Set<String> FILE_OPTIONS = Set.of("-jar", "--addLibs", "--deploy", "--prebootcommandfile",
            "--postbootcommandfile", "--postdeploycommandfile", "--logproperties");

    private final String dockerfile = read("docker/Dockerfile");

    @TempDir
    Path dir;

    @Test
    void everyCopiedFileIsInTheRepositoryOrMadeByMvnPackage() {
        Set<String> built = builtByPackage(read("pom.xml"));
        for (List<String> copy : copies()) {
            for (String source : copy.subList(0, copy.size() - 1)) {
                assertTrue(source.startsWith("target/") ? built.contains(source) : Files.exists(Path.of(source)),
                        () -> "COPY " + source + ": " + (source.startsWith("target/") ? "mvn package makes only " + built : "no such file"));
            }
        }
    }

    @Test
    void everyFileTheCommandNamesIsInTheImage() throws Exception {
        List<String> java = entrypoint(Map.of("TODO_LOG_FORMAT", "json"));
        Map<String, String> sources = copiedFiles();
        for (int i = 0; i < java.size() - 1; i++) {
            String option = java.get(i);
            String file = java.get(i + 1);
            if (FILE_OPTIONS.contains(option)) {
                assertTrue(FROM_BASE_IMAGE.contains(file) || sources.containsKey(file), () -> option + " " + file + " is not copied into the image");
            }
            if (option.startsWith("-Xbootclasspath/a:")) {
                String jar = option.substring("-Xbootclasspath/a:".length());
                assertTrue(sources.containsKey(jar), () -> option + ": " + jar + " is not copied into the image");
            }
        }
    }

    @Test
    void itsCommandIsTheOperatorCommandOfTheReadme() throws Exception {
        List<String> readme = operatorCommand(read("README.md"));
        List<String> image = entrypoint(Map.of());
        List<String> fromJar = image.subList(image.indexOf("-jar"), image.indexOf("--rootDir"));
        assertEquals(readme.subList(readme.indexOf("-jar"), readme.size()), fromJar,
                "the image runs README's operator command (the files at the image's working directory, not in target/)");
        for (String property : readme.subList(0, readme.indexOf("-jar"))) {
            assertTrue(!property.startsWith("-D") || image.subList(0, image.indexOf("-jar")).contains(property),
                    () -> "the image's java has the README's " + property);
        }
    }

    @Test
    void everyVariableItSetsIsReadByItsCommandOrByTheService() throws IOException {
        String command = String.join(" ", execForm(dockerfile, "ENTRYPOINT"));
        String service = sourcesOfTheService();
        for (String name : envNames()) {
            String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
            assertTrue(command.contains("$" + name) || command.contains("${" + name) || service.contains("\"" + key + "\""),
                    () -> "ENV " + name + " is read neither by the ENTRYPOINT nor as " + key + " by the service");
        }
    }

    @Test
    void runsThePayaraVersionOfThePomOnJdk17() {
        String version = single(read("pom.xml"), "<payara\\.version>([^<]+)</payara\\.version>");
        assertEquals("payara/micro:" + version + "-jdk17", single(dockerfile, "(?m)^FROM\\s+(\\S+)"));
    }

    @Test
    void theHealthCheckAsksReadinessOnThePortPayaraListensOnAndTheImageExposes() throws Exception {
        List<String> java = entrypoint(Map.of());
        String port = java.get(java.indexOf("--port") + 1);
        assertEquals(port, single(dockerfile, "(?m)^EXPOSE\\s+(\\d+)\\s*$"));
        List<String> probe = execForm(dockerfile, "[ \\t]+CMD");
        assertEquals("http://127.0.0.1:" + port + "/health/ready", probe.get(probe.size() - 1));
    }

    @Test
    void theEntrypointPicksTheLoggingFileOfTodoLogFormatAndAppendsDockerRunArguments() throws Exception {
        List<String> plain = entrypoint(Map.of(), "--extra");
        List<String> javaOpts = List.of(dockerfileJavaOpts().split(" "));
        assertEquals(javaOpts, plain.subList(0, javaOpts.size()), "JAVA_OPTS first");
        assertEquals("server-config/logging-plain.properties", plain.get(plain.indexOf("--logproperties") + 1));
        assertEquals("--extra", plain.get(plain.size() - 1), "docker run arguments last");
        List<String> json = entrypoint(Map.of("TODO_LOG_FORMAT", "json"));
        assertEquals("server-config/logging-json.properties", json.get(json.indexOf("--logproperties") + 1));
        List<String> asDockerRuns = entrypoint(Map.of(), execForm(dockerfile, "CMD").toArray(String[]::new));
        assertEquals("/opt/payara/rootdir", asDockerRuns.get(asDockerRuns.size() - 1),
                "docker run without arguments appends the image's CMD: nothing (the base image's --deploymentDir is emptied)");
    }

    @Test
    void anUnknownLogFormatStopsTheContainerSayingWhy() throws Exception {
        Process sh = run(Map.of("TODO_LOG_FORMAT", "xml"));
        assertEquals(64, sh.exitValue());
        assertTrue(new String(sh.getErrorStream().readAllBytes()).contains("TODO_LOG_FORMAT must be plain or json"));
    }

    /** Each COPY as its sources and destination, flags (--chown) dropped. */
    private List<List<String>> copies() {
        Matcher m = Pattern.compile("(?m)^COPY\\s+(.+)$").matcher(dockerfile);
        List<List<String>> copies = new ArrayList<>();
        while (m.find()) {
            copies.add(Arrays.stream(m.group(1).trim().split("\\s+")).filter(word -> !word.startsWith("--")).toList());
        }
        assertFalse(copies.isEmpty(), "no COPY");
        return copies;
    }

    /** Each file of the image's working directory that a COPY puts there, with its source in the repository. */
    private Map<String, String> copiedFiles() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (List<String> copy : copies()) {
            String destination = copy.get(copy.size() - 1);
            for (String source : copy.subList(0, copy.size() - 1)) {
                if (destination.endsWith("/") && Files.isDirectory(Path.of(source))) {
                    try (Stream<Path> walk = Files.walk(Path.of(source))) {
                        for (Path file : walk.filter(Files::isRegularFile).toList()) {
                            files.put(destination + Path.of(source).relativize(file).toString().replace('\\', '/'), file.toString());
                        }
                    }
                } else {
                    files.put(destination.endsWith("/") ? destination + Path.of(source).getFileName() : destination, source);
                }
            }
        }
        return files;
    }

    /** What {@code mvn package} writes to target/: the WAR of {@code finalName} and the files its dependency copies name. */
    static Set<String> builtByPackage(String pom) {
        Set<String> built = new java.util.TreeSet<>();
        built.add("target/" + single(pom, "<finalName>([^<]+)</finalName>") + ".war");
        Matcher item = Pattern.compile("(?s)<artifactItem>(.*?)</artifactItem>").matcher(pom);
        while (item.find()) {
            Matcher out = Pattern.compile("<outputDirectory>\\$\\{project\\.build\\.directory\\}(/[^<]*)?</outputDirectory>").matcher(item.group(1));
            Matcher name = Pattern.compile("<destFileName>([^<]+)</destFileName>").matcher(item.group(1));
            if (out.find() && name.find()) {
                built.add("target" + (out.group(1) == null ? "" : out.group(1)) + "/" + name.group(1));
            }
        }
        Matcher jar = Pattern.compile("<jar destfile=\"\\$\\{project\\.build\\.directory\\}(/[^\"]+)\"").matcher(pom);
        while (jar.find()) {
            built.add("target" + jar.group(1));
        }
        return built;
    }

    /** The names the image's ENV lines set. */
    private List<String> envNames() {
        Matcher line = Pattern.compile("(?m)^ENV\\s+(.+)$").matcher(dockerfile);
        List<String> names = new ArrayList<>();
        while (line.find()) {
            Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=(?:\"[^\"]*\"|\\S*)").matcher(line.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        assertFalse(names.isEmpty(), "no ENV");
        return names;
    }

    private static String sourcesOfTheService() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("src/main/resources")))) {
            return files.filter(Files::isRegularFile).map(path -> read(path.toString())).collect(Collectors.joining("\n"));
        }
    }

    /** README's operator command (the block that starts with {@code java -Xmx}), its words, shell defaults applied. */
    static List<String> operatorCommand(String readme) {
        Matcher m = Pattern.compile("(?m)^java -Xmx(?:.*\\\\\\n)*.*$").matcher(readme);
        assertTrue(m.find(), "README has no operator command");
        String command = m.group().replace("\\\n", " ").replaceAll("\\$\\{[A-Z_]+:-([^}]*)\\}", "$1");
        return Arrays.stream(command.trim().split("\\s+")).map(word -> word.startsWith("target/") ? word.substring(7) : word).toList();
    }

    private String dockerfileJavaOpts() {
        return single(dockerfile, "(?m)^ENV JAVA_OPTS=\"([^\"]*)\"");
    }

    /** The arguments java gets from the ENTRYPOINT, with the image's JAVA_OPTS and these variables. */
    private List<String> entrypoint(Map<String, String> env, String... dockerRunArguments) throws Exception {
        Process sh = run(env, dockerRunArguments);
        String err = new String(sh.getErrorStream().readAllBytes());
        assertEquals(0, sh.exitValue(), err);
        return new String(sh.getInputStream().readAllBytes()).lines().toList();
    }

    private Process run(Map<String, String> env, String... dockerRunArguments) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("java");
        Files.writeString(stub, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(stub.toFile().setExecutable(true));
        List<String> command = new ArrayList<>(execForm(dockerfile, "ENTRYPOINT"));
        command.addAll(List.of(dockerRunArguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("JAVA_OPTS", dockerfileJavaOpts());
        builder.environment().putAll(env);
        Process sh = builder.start();
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS));
        return sh;
    }

    /** The JSON array of an exec-form instruction of {@code dockerfile} (a regex for its name). */
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

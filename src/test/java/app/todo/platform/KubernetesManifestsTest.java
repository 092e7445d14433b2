package app.todo.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static app.todo.platform.DockerfileTest.read;
import static app.todo.platform.DockerfileTest.single;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kubernetes.client.custom.Quantity;

import app.todo.support.KubernetesSchema;
import app.todo.support.Kustomization;

/**
 * The manifests of deploy/kubernetes, offline: each overlay rendered ({@link Kustomization}), every object checked
 * against the Kubernetes 1.30 API schema with unknown fields refused ({@link KubernetesSchema}), and the contract
 * between the manifests and the service: probes on the endpoints and port the image answers, only variables the
 * code reads, secrets only from Secrets, a writable place wherever Payara writes on a read-only root, a grace
 * period longer than preStop plus the drain, a memory limit that holds the documented heap, and no more database
 * connections than PostgreSQL allows.
 *
 * <p>The CloudNativePG {@code Cluster} is a custom resource: no package from the registries this build reaches ships
 * its CRD, so its schema is not checked here (it was checked by hand against the CRD of CloudNativePG 1.30 with
 * unknown fields refused: docs/deployment.md); its contract with the Deployment (Service, Secret, database,
 * max_connections) is.
 */
class KubernetesManifestsTest {

    static final Path DEPLOY = Path.of("deploy/kubernetes");
    static final List<String> OVERLAYS = List.of("dev", "production");

    /** uid of the user {@code payara} in payara/micro (its Dockerfile: {@code adduser --system --uid 1000 … payara}). */
    static final long PAYARA_UID = 1000;
    /** The operator command's heap (-Xmx512m) and what Payara was measured to need beside it (docs/deployment.md). */
    static final long HEAP_MIB = 512;
    static final long NON_HEAP_MIB = 300;
    /** Payara's own stop after its --shutdowngrace, with room: measured 3 s (8.1 s from SIGTERM to exit, idle). */
    static final Duration STOP_ALLOWANCE = Duration.ofSeconds(10);
    /** Connections a pod opens outside its pool: the revocations' LISTEN connection (RevocationService). */
    static final int LISTEN_CONNECTIONS = 1;
    /** PostgreSQL's superuser_reserved_connections (default), plus the operator, monitoring, backups and a psql. */
    static final int RESERVED_CONNECTIONS = 3 + 10;

    private final String dockerfile = read("docker/Dockerfile");

    // --- schema ---

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyObjectOfTheOverlayIsValidKubernetes(String overlay) throws IOException {
        List<JsonObject> objects = render(overlay);
        Set<String> kinds = new TreeSet<>();
        for (JsonObject object : objects) {
            kinds.add(object.getString("kind"));
            if (KubernetesSchema.builtIn(object)) {
                KubernetesSchema.check(object);
            } else {
                assertEquals("postgresql.cnpg.io/v1 Cluster", object.getString("apiVersion") + " " + object.getString("kind"),
                        "the only custom resource");
            }
        }
        assertTrue(kinds.containsAll(Set.of("ServiceAccount", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget",
                "NetworkPolicy", "Ingress")), kinds::toString);
        assertTrue(kinds.containsAll(overlay.equals("dev") ? Set.of("StatefulSet") : Set.of("HorizontalPodAutoscaler", "Cluster")),
                kinds::toString);
        assertFalse(kinds.contains("Secret"), "no secret is ever committed: the operator creates them");
    }

    @Test
    void theIngressControllerSettingsAreValidKubernetes() throws IOException {
        for (JsonObject object : Kustomization.objects(DEPLOY.resolve("ingress-nginx/controller-configmap.yaml"))) {
            KubernetesSchema.check(object);
        }
    }

    @Test
    void anUnknownFieldIsRefused() throws IOException {
        JsonObject misspelt = patched(deployment("production"), "add", "/spec/template/spec/containers/0/livenessprobe",
                Json.createObjectBuilder().build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KubernetesSchema.check(misspelt)).getMessage()
                .contains("livenessprobe"));
    }

    @Test
    void aMissingRequiredFieldIsRefused() throws IOException {
        JsonObject nameless = patched(deployment("production"), "remove", "/spec/template/spec/containers/0/name", null);
        assertThrows(IllegalArgumentException.class, () -> KubernetesSchema.check(nameless));
    }

    @Test
    void aNumberWrittenAsAStringIsRefused() throws IOException {
        JsonObject quoted = patched(deployment("production"), "replace", "/spec/template/spec/terminationGracePeriodSeconds",
                Json.createValue("45"));
        assertThrows(IllegalArgumentException.class, () -> KubernetesSchema.check(quoted));
    }

    @Test
    void aKustomizeFeatureTheRendererDoesNotHaveIsRefused(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                images:
                  - name: todo-api
                    newTag: "0.2.0"
                """.formatted(DEPLOY.resolve("base").toAbsolutePath()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Kustomization.render(folder)).getMessage()
                .contains("images"));
    }

    /** The renderer against kubectl's built-in kustomize, where kubectl is installed (it is not a build dependency). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kubectlKustomizeRendersTheSameObjects(String overlay, @TempDir Path out) throws Exception {
        Path rendered = out.resolve("rendered.yaml");
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve("overlays").resolve(overlay).toString())
                    .redirectOutput(rendered.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed: " + e.getMessage());
            return;
        }
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize within 60 s");
        assertEquals(0, kubectl.exitValue());
        Map<String, JsonObject> expected = byId(Kustomization.objects(rendered));
        assertEquals(expected, byId(render(overlay)));
    }

    // --- the contract with the service ---

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void probesAskTheEndpointsAndPortThePodAnswers(String overlay) throws IOException {
        JsonObject container = container(deployment(overlay));
        JsonObject port = container.getJsonArray("ports").getJsonObject(0);
        List<String> entrypoint = javaCommand();
        assertEquals(Integer.parseInt(entrypoint.get(entrypoint.indexOf("--port") + 1)), port.getInt("containerPort"),
                "the port the image's command listens on");
        URI healthcheck = URI.create(healthcheckUrl());
        assertEquals(port.getInt("containerPort"), healthcheck.getPort());
        String ready = healthcheck.getPath(); // /health/ready: what the image's own HEALTHCHECK asks
        String live = ready.substring(0, ready.lastIndexOf('/')) + "/live"; // MicroProfile Health's liveness beside it
        assertEquals("/health/ready", ready);
        assertEquals(ready, probe(container, "readinessProbe", port));
        assertEquals(live, probe(container, "livenessProbe", port), "liveness never on readiness: an outage restarts nothing");
        assertEquals(live, probe(container, "startupProbe", port));
        JsonObject startup = container.getJsonObject("startupProbe");
        assertTrue(startup.getInt("periodSeconds") * startup.getInt("failureThreshold") >= 120,
                "Payara may take a minute or more to start on a busy node");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyVariableTheManifestsSetIsOneTheServiceReads(String overlay) throws IOException {
        List<JsonObject> objects = render(overlay);
        JsonObject container = container(deployment(objects));
        Set<String> set = new TreeSet<>();
        container.getJsonArray("env").forEach(env -> set.add(env.asJsonObject().getString("name")));
        for (JsonValue from : container.getJsonArray("envFrom")) {
            String name = from.asJsonObject().getJsonObject("configMapRef").getString("name");
            set.addAll(object(objects, "ConfigMap", name).getJsonObject("data").keySet());
        }
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(variablesTheServiceReads());
        assertEquals(Set.of(), unknown, "set by the manifests, read by nothing");
        assertTrue(set.containsAll(Set.of("BETTER_AUTH_SECRET", "TODO_DB_URL", "TODO_DB_USER", "TODO_DB_PASSWORD")), set::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void secretsComeOnlyFromSecretsAndThePasswordNeverEntersTheUrl(String overlay) throws IOException {
        List<JsonObject> objects = render(overlay);
        JsonObject container = container(deployment(objects));
        for (JsonValue value : container.getJsonArray("env")) {
            JsonObject env = value.asJsonObject();
            if (env.getString("name").matches(".*(SECRET|PASSWORD).*")) {
                assertFalse(env.containsKey("value"), env.getString("name") + " written in the manifest");
                assertNotNull(env.getJsonObject("valueFrom").getJsonObject("secretKeyRef"), env.getString("name"));
            }
        }
        for (JsonObject configMap : all(objects, "ConfigMap")) {
            configMap.getJsonObject("data").keySet().forEach(key ->
                    assertFalse(key.matches(".*(SECRET|PASSWORD).*"), key + " in a ConfigMap"));
        }
        URI url = URI.create(configValue(objects, "TODO_DB_URL").substring("jdbc:".length()));
        assertEquals("postgresql", url.getScheme());
        assertEquals(null, url.getUserInfo());
        assertFalse(String.valueOf(url.getQuery()).contains("password"), url::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theImagesUserCanWriteWherePayaraWritesOnAReadOnlyRoot(String overlay) throws IOException {
        JsonObject pod = deployment(overlay).getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
        JsonObject container = container(deployment(overlay));
        assertEquals("payara", single(dockerfile, "(?m)^USER\\s+(\\S+)$"));
        JsonObject podSecurity = pod.getJsonObject("securityContext");
        assertTrue(podSecurity.getBoolean("runAsNonRoot"));
        assertEquals(PAYARA_UID, podSecurity.getJsonNumber("runAsUser").longValue(), "the image's user, by number");
        assertEquals("RuntimeDefault", podSecurity.getJsonObject("seccompProfile").getString("type"));
        JsonObject security = container.getJsonObject("securityContext");
        assertTrue(security.getBoolean("readOnlyRootFilesystem"));
        assertFalse(security.getBoolean("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), strings(security.getJsonObject("capabilities").getJsonArray("drop")));
        assertFalse(security.getJsonObject("capabilities").containsKey("add"));

        Map<String, String> emptyDirs = new HashMap<>(); // mount path -> volume
        Set<String> emptyDirVolumes = new TreeSet<>();
        pod.getJsonArray("volumes").forEach(v -> {
            if (v.asJsonObject().containsKey("emptyDir")) {
                emptyDirVolumes.add(v.asJsonObject().getString("name"));
            }
        });
        container.getJsonArray("volumeMounts").forEach(m -> {
            JsonObject mount = m.asJsonObject();
            if (emptyDirVolumes.contains(mount.getString("name")) && !mount.getBoolean("readOnly", false)) {
                emptyDirs.put(mount.getString("mountPath"), mount.getString("name"));
            }
        });
        List<String> entrypoint = javaCommand();
        String rootDir = entrypoint.get(entrypoint.indexOf("--rootDir") + 1);
        assertTrue(emptyDirs.containsKey(rootDir), "Payara's --rootDir " + rootDir + " on a writable volume: " + emptyDirs);
        String javaOptions = single(dockerfile, "(?m)^ENV JAVA_OPTS=\"([^\"]*)\"");
        Matcher tmpdir = Pattern.compile("-Djava\\.io\\.tmpdir=(\\S+)").matcher(javaOptions);
        String tmp = tmpdir.find() ? tmpdir.group(1) : "/tmp";
        assertTrue(emptyDirs.containsKey(tmp), "java.io.tmpdir " + tmp + " on a writable volume: " + emptyDirs);
        String accessLog = configValue(render(overlay), "TODO_ACCESS_LOG");
        assertTrue(accessLog.equals("-") || emptyDirs.keySet().stream().anyMatch(accessLog::startsWith), accessLog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theGracePeriodOutlastsPreStopAndTheDrain(String overlay) throws Exception {
        JsonObject pod = deployment(overlay).getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
        JsonObject container = container(deployment(overlay));
        int preStop = container.getJsonObject("lifecycle").getJsonObject("preStop").getJsonObject("sleep").getInt("seconds");
        assertTrue(preStop >= 5, "time for the ingress controller and kube-proxy to drop the pod first");
        List<String> entrypoint = javaCommand();
        Duration shutdownGrace = Duration.ofMillis(Long.parseLong(entrypoint.get(entrypoint.indexOf("--shutdowngrace") + 1)));
        Duration drain = drainWait();
        assertTrue(drain.compareTo(shutdownGrace) < 0, "the drain ends within Payara's grace");
        Duration needed = Duration.ofSeconds(preStop).plus(shutdownGrace).plus(STOP_ALLOWANCE);
        assertTrue(Duration.ofSeconds(pod.getInt("terminationGracePeriodSeconds")).compareTo(needed) > 0,
                "terminationGracePeriodSeconds must exceed " + needed.toSeconds() + " s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theMemoryLimitHoldsTheDocumentedHeapAndWhatPayaraNeedsBesideIt(String overlay) throws IOException {
        JsonObject resources = container(deployment(overlay)).getJsonObject("resources");
        long limit = mib(resources.getJsonObject("limits").getString("memory"));
        assertEquals(limit, mib(resources.getJsonObject("requests").getString("memory")), "request = limit");
        String javaOptions = single(dockerfile, "(?m)^ENV JAVA_OPTS=\"([^\"]*)\"");
        double percentage = Double.parseDouble(single(javaOptions, "-XX:MaxRAMPercentage=([0-9.]+)"));
        long heap = (long) (limit * percentage / 100);
        assertTrue(heap >= HEAP_MIB, "heap " + heap + " MiB");
        assertTrue(limit - heap >= NON_HEAP_MIB, "outside the heap " + (limit - heap) + " MiB");
        assertTrue(limit <= 1024, "no more than the documented 1 GiB per pod");
    }

    @Test
    void productionPodsTimesPoolStayBelowMaxConnections() throws IOException {
        List<JsonObject> objects = render("production");
        JsonObject hpa = object(objects, "HorizontalPodAutoscaler", "todo-api");
        assertEquals("Deployment", hpa.getJsonObject("spec").getJsonObject("scaleTargetRef").getString("kind"));
        assertEquals("todo-api", hpa.getJsonObject("spec").getJsonObject("scaleTargetRef").getString("name"));
        assertFalse(deployment(objects).getJsonObject("spec").containsKey("replicas"), "the HPA owns replicas");
        int pods = hpa.getJsonObject("spec").getInt("maxReplicas") + maxSurge(objects);
        JsonObject cluster = object(objects, "Cluster", "todo-db");
        int maxConnections = Integer.parseInt(cluster.getJsonObject("spec").getJsonObject("postgresql")
                .getJsonObject("parameters").getString("max_connections"));
        assertTrue(hpa.getJsonObject("spec").getInt("minReplicas") >= 2, "several replicas");
        assertConnectionsFit(pods, Integer.parseInt(configValue(objects, "TODO_DB_POOL_MAX")), maxConnections);
    }

    @Test
    void devPodsTimesPoolStayBelowMaxConnections() throws IOException {
        List<JsonObject> objects = render("dev");
        int pods = deployment(objects).getJsonObject("spec").getInt("replicas") + maxSurge(objects);
        assertEquals(1, deployment(objects).getJsonObject("spec").getInt("replicas"));
        JsonObject postgres = object(objects, "StatefulSet", "todo-db").getJsonObject("spec").getJsonObject("template")
                .getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
        List<String> args = strings(postgres.getJsonArray("args"));
        int maxConnections = Integer.parseInt(single(String.join(" ", args), "max_connections=(\\d+)"));
        assertConnectionsFit(pods, Integer.parseInt(configValue(objects, "TODO_DB_POOL_MAX")), maxConnections);
    }

    @Test
    void productionUsesTheCloudNativePgClustersServiceSecretAndDatabase() throws IOException {
        List<JsonObject> objects = render("production");
        JsonObject cluster = object(objects, "Cluster", "todo-db");
        String name = cluster.getJsonObject("metadata").getString("name");
        URI url = URI.create(configValue(objects, "TODO_DB_URL").substring("jdbc:".length()));
        assertEquals(name + "-rw", url.getHost(), "the primary's Service");
        assertEquals("/" + cluster.getJsonObject("spec").getJsonObject("bootstrap").getJsonObject("initdb").getString("database"),
                url.getPath());
        assertTrue(cluster.getJsonObject("spec").getInt("instances") >= 2);
        JsonObject container = container(deployment(objects));
        for (String variable : List.of("TODO_DB_USER", "TODO_DB_PASSWORD")) {
            JsonObject ref = env(container, variable).getJsonObject("valueFrom").getJsonObject("secretKeyRef");
            assertEquals(name + "-app", ref.getString("name"), "the Secret CloudNativePG generates");
            assertEquals(variable.equals("TODO_DB_USER") ? "username" : "password", ref.getString("key"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void selectorsAndReferencesMeet(String overlay) throws IOException {
        List<JsonObject> objects = render(overlay);
        JsonObject deployment = deployment(objects);
        JsonObject labels = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
                .getJsonObject("labels");
        JsonObject service = object(objects, "Service", "todo-api");
        assertSelects(service.getJsonObject("spec").getJsonObject("selector"), labels);
        assertSelects(object(objects, "PodDisruptionBudget", "todo-api").getJsonObject("spec").getJsonObject("selector")
                .getJsonObject("matchLabels"), labels);
        assertSelects(object(objects, "NetworkPolicy", "todo-api").getJsonObject("spec").getJsonObject("podSelector")
                .getJsonObject("matchLabels"), labels);
        String portName = container(deployment).getJsonArray("ports").getJsonObject(0).getString("name");
        assertEquals(portName, service.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getString("targetPort"));
        assertEquals(deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec").getString("serviceAccountName"),
                all(objects, "ServiceAccount").get(0).getJsonObject("metadata").getString("name"));
        JsonObject ingress = object(objects, "Ingress", "todo-api");
        Set<String> paths = new TreeSet<>();
        for (JsonValue path : ingress.getJsonObject("spec").getJsonArray("rules").getJsonObject(0).getJsonObject("http")
                .getJsonArray("paths")) {
            JsonObject backend = path.asJsonObject().getJsonObject("backend").getJsonObject("service");
            assertEquals("todo-api", backend.getString("name"));
            assertEquals(service.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getString("name"),
                    backend.getJsonObject("port").getString("name"));
            paths.add(path.asJsonObject().getString("path"));
        }
        assertEquals(Set.of("/api", "/openapi"), paths, "health and metrics stay inside the cluster");
        JsonObject rollingUpdate = deployment.getJsonObject("spec").getJsonObject("strategy").getJsonObject("rollingUpdate");
        assertEquals(0, rollingUpdate.getInt("maxUnavailable"), "a rollout never lowers capacity");
    }

    @Test
    void theIngressControllerTakesTheHeadersPayaraTakes() throws IOException {
        JsonObject data = Kustomization.objects(DEPLOY.resolve("ingress-nginx/controller-configmap.yaml")).get(0)
                .getJsonObject("data");
        String[] buffers = data.getString("large-client-header-buffers").split("\\s+");
        long payara = Long.parseLong(single(read("server-config/pre-boot-commands.asadmin"),
                "(?m)^set .*\\.header-buffer-length-bytes=(\\d+)$"));
        assertTrue(kib(buffers[1]) * 1024 >= payara, "one header line up to Payara's limit fits one buffer");
    }

    // --- helpers ---

    private static void assertConnectionsFit(int pods, int poolMax, int maxConnections) {
        int connections = pods * (poolMax + LISTEN_CONNECTIONS);
        assertTrue(connections <= maxConnections - RESERVED_CONNECTIONS, pods + " pods x (" + poolMax + " + "
                + LISTEN_CONNECTIONS + ") = " + connections + " connections, max_connections " + maxConnections);
    }

    private static void assertSelects(JsonObject selector, JsonObject labels) {
        assertFalse(selector.isEmpty());
        selector.forEach((key, value) -> assertEquals(value, labels.get(key), key));
    }

    private static int maxSurge(List<JsonObject> objects) {
        return deployment(objects).getJsonObject("spec").getJsonObject("strategy").getJsonObject("rollingUpdate")
                .getInt("maxSurge");
    }

    /** The variables the service reads: MicroProfile Config keys in the code and ${ENV=…} in server-config/. */
    static Set<String> variablesTheServiceReads() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern key = Pattern.compile("\"((?:todo|better\\.auth)(?:\\.[a-z]+)+)\"|\"((?:TODO|BETTER_AUTH)_[A-Z_]+)\"");
        Pattern env = Pattern.compile("\\$\\{ENV=([A-Z_]+)");
        try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("server-config")))) {
            for (Path file : sources.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                Matcher m = key.matcher(text);
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1).toUpperCase(java.util.Locale.ROOT).replace('.', '_') : m.group(2));
                }
                Matcher e = env.matcher(text);
                while (e.find()) {
                    names.add(e.group(1));
                }
            }
        }
        assertTrue(names.containsAll(Set.of("BETTER_AUTH_SECRET", "TODO_DB_URL", "TODO_JWT_ISSUER", "TODO_HTTP_THREADS")),
                names::toString);
        names.add("JAVA_OPTS"); // read by the image's ENTRYPOINT
        return names;
    }

    /** Drain.WAIT: how long the drain lets requests in flight finish (package-private in the code). */
    private static Duration drainWait() throws ReflectiveOperationException {
        Field wait = Class.forName("app.todo.platform.lifecycle.Drain").getDeclaredField("WAIT");
        wait.setAccessible(true);
        return (Duration) wait.get(null);
    }

    private static String probe(JsonObject container, String probe, JsonObject port) {
        JsonObject get = container.getJsonObject(probe).getJsonObject("httpGet");
        JsonValue target = get.get("port");
        assertTrue(target.equals(port.get("name")) || target.equals(port.get("containerPort")), probe + " port " + target);
        return get.getString("path");
    }

    static List<JsonObject> render(String overlay) throws IOException {
        return Kustomization.render(DEPLOY.resolve("overlays").resolve(overlay));
    }

    static JsonObject deployment(String overlay) throws IOException {
        return deployment(render(overlay));
    }

    static JsonObject deployment(List<JsonObject> objects) {
        return object(objects, "Deployment", "todo-api");
    }

    static JsonObject container(JsonObject deployment) {
        return deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec").getJsonArray("containers")
                .getJsonObject(0);
    }

    private static JsonObject env(JsonObject container, String name) {
        return container.getJsonArray("env").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static String configValue(List<JsonObject> objects, String key) {
        return object(objects, "ConfigMap", "todo-api").getJsonObject("data").getString(key);
    }

    static JsonObject object(List<JsonObject> objects, String kind, String name) {
        return objects.stream().filter(o -> Kustomization.id(o).equals(kind + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static List<JsonObject> all(List<JsonObject> objects, String kind) {
        return objects.stream().filter(o -> o.getString("kind").equals(kind)).toList();
    }

    private static Map<String, JsonObject> byId(List<JsonObject> objects) {
        Map<String, JsonObject> byId = new HashMap<>();
        objects.forEach(o -> byId.put(Kustomization.id(o), o));
        return byId;
    }

    private static JsonObject patched(JsonObject object, String op, String path, JsonValue value) {
        var operation = Json.createObjectBuilder().add("op", op).add("path", path);
        if (value != null) {
            operation.add("value", value);
        }
        return Json.createPatch(Json.createArrayBuilder().add(operation).build()).apply(object);
    }

    private static long mib(String quantity) {
        return new Quantity(quantity).getNumber().longValueExact() / (1024 * 1024);
    }

    private static long kib(String nginxSize) {
        Matcher m = Pattern.compile("(\\d+)([kKmM]?)").matcher(nginxSize);
        assertTrue(m.matches(), nginxSize);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n;
            case "m" -> n * 1024;
            default -> n / 1024;
        };
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private List<String> execForm(String instruction) {
        return DockerfileTest.execForm(dockerfile, instruction);
    }

    /** The words of the {@code exec java ...} command that the image's {@code sh -c} ENTRYPOINT ends with. */
    private List<String> javaCommand() {
        List<String> entrypoint = execForm("ENTRYPOINT");
        assertEquals(List.of("sh", "-c"), entrypoint.subList(0, 2), "the ENTRYPOINT is sh -c '... exec java ...'");
        String script = entrypoint.get(2);
        int exec = script.indexOf("exec java ");
        assertTrue(exec >= 0, "the ENTRYPOINT's script ends with exec java");
        return List.of(script.substring(exec + "exec ".length()).split("\\s+"));
    }

    private String healthcheckUrl() {
        List<String> probe = strings(Json.createReader(new StringReader(single(dockerfile, "(?m)^\\s+CMD (\\[\"java\".*\\])$")))
                .readArray());
        return probe.get(probe.size() - 1);
    }
}

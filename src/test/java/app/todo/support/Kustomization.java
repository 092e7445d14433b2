package app.todo.support;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomize folder of deploy/kubernetes into its Kubernetes objects, offline, for the tests.
 *
 * <p>No Java library renders kustomize, so this supports exactly the two features the manifests use and refuses
 * every other field of a {@code kustomization.yaml} (an operator adding {@code images:} or a strategic-merge patch
 * gets a failing test, not a silently different result):
 * <ul>
 *   <li>{@code resources}: YAML files (several documents each) and folders holding a {@code kustomization.yaml},
 *       in order, each object once (kind + name);</li>
 *   <li>{@code patches}: each with a {@code target} ({@code kind} and {@code name}; {@code group}, {@code version}
 *       optional) and an inline {@code patch} that is a JSON Patch (RFC 6902) operation list, applied with
 *       JSON-P's {@link jakarta.json.JsonPatch}. A target matching nothing is an error.</li>
 * </ul>
 * YAML is read as Kubernetes reads it (YAML 1.1: {@code on}/{@code yes} are booleans) with SnakeYAML's safe
 * constructor. {@code KubernetesManifestsTest} checks that {@code kubectl kustomize} renders the same objects
 * where kubectl is installed.
 */
public final class Kustomization {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "patches");

    private Kustomization() {
    }

    /**
     * The objects of a kustomize folder.
     *
     * @param folder a folder with a {@code kustomization.yaml}
     * @return the objects in resource order, patches applied
     * @throws IllegalArgumentException for a field or patch form this renderer does not support, a duplicate object
     *                                  or a patch that matches nothing
     */
    public static List<JsonObject> render(Path folder) throws IOException {
        JsonObject kustomization = documents(folder.resolve("kustomization.yaml")).get(0).asJsonObject();
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(folder + ": kustomization field not supported here: " + field);
            }
        }
        require(kustomization, "apiVersion", "kustomize.config.k8s.io/v1beta1", folder);
        require(kustomization, "kind", "Kustomization", folder);
        List<JsonObject> objects = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonValue entry : kustomization.getJsonArray("resources")) {
            Path resource = folder.resolve(((jakarta.json.JsonString) entry).getString()).normalize();
            List<JsonObject> found = Files.isDirectory(resource) ? render(resource) : objects(resource);
            for (JsonObject object : found) {
                if (!seen.add(id(object))) {
                    throw new IllegalArgumentException(folder + ": " + id(object) + " is defined twice");
                }
                objects.add(object);
            }
        }
        if (kustomization.containsKey("patches")) {
            for (JsonValue patch : kustomization.getJsonArray("patches")) {
                apply(folder, patch.asJsonObject(), objects);
            }
        }
        return objects;
    }

    /** The objects of one YAML file (its non-empty documents). */
    public static List<JsonObject> objects(Path file) throws IOException {
        List<JsonObject> objects = new ArrayList<>();
        for (JsonValue document : documents(file)) {
            if (document.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(file + ": a document that is not an object");
            }
            objects.add(document.asJsonObject());
        }
        return objects;
    }

    /** {@code kind/name}, how kustomize tells objects apart within a namespace. */
    public static String id(JsonObject object) {
        return object.getString("kind") + "/" + object.getJsonObject("metadata").getString("name");
    }

    private static void apply(Path folder, JsonObject patch, List<JsonObject> objects) {
        for (String field : patch.keySet()) {
            if (!Set.of("target", "patch").contains(field)) {
                throw new IllegalArgumentException(folder + ": patch field not supported here: " + field);
            }
        }
        JsonObject target = patch.getJsonObject("target");
        for (String field : target.keySet()) {
            if (!Set.of("group", "version", "kind", "name").contains(field)) {
                throw new IllegalArgumentException(folder + ": patch target field not supported here: " + field);
            }
        }
        Object operations = yaml().load(patch.getString("patch"));
        if (!(operations instanceof List<?>)) {
            throw new IllegalArgumentException(folder + ": only JSON 6902 patches (an operation list) are supported");
        }
        jakarta.json.JsonPatch jsonPatch = Json.createPatch((JsonArray) json(operations));
        int matched = 0;
        for (int i = 0; i < objects.size(); i++) {
            JsonObject object = objects.get(i);
            if (matches(target, object)) {
                objects.set(i, jsonPatch.apply(object));
                matched++;
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(folder + ": patch target matches no object: " + target);
        }
    }

    private static boolean matches(JsonObject target, JsonObject object) {
        String apiVersion = object.getString("apiVersion");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return target.getString("kind").equals(object.getString("kind"))
                && target.getString("name").equals(object.getJsonObject("metadata").getString("name"))
                && target.getString("group", group).equals(group)
                && target.getString("version", version).equals(version);
    }

    private static void require(JsonObject kustomization, String field, String value, Path folder) {
        if (!value.equals(kustomization.getString(field, null))) {
            throw new IllegalArgumentException(folder + ": " + field + " must be " + value);
        }
    }

    private static List<JsonValue> documents(Path file) throws IOException {
        List<JsonValue> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(json(document));
                }
            }
        }
        return documents;
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** SnakeYAML's safe types as JSON; anything else (a timestamp, binary) is refused rather than guessed. */
    private static JsonValue json(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof String s) {
            return Json.createValue(s);
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Integer i) {
            return Json.createValue(i);
        } else if (value instanceof Long l) {
            return Json.createValue(l);
        } else if (value instanceof BigInteger b) {
            return Json.createValue(b);
        } else if (value instanceof Double d) {
            return Json.createValue(BigDecimal.valueOf(d));
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            map.forEach((key, item) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException("a key that is not a string: " + key);
                }
                object.add(name, json(item));
            });
            return object.build();
        } else if (value instanceof List<?> list) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            list.forEach(item -> array.add(json(item)));
            return array.build();
        }
        throw new IllegalArgumentException("a YAML value of type " + value.getClass().getName());
    }
}

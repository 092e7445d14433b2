package app.todo.support;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Checks an object against the Kubernetes API schema, offline, with Kubernetes' own Java models
 * ({@code io.kubernetes:client-java-api}, generated from the API server's OpenAPI document; the version in pom.xml
 * fixes the Kubernetes version, 1.30). Reading JSON into a model refuses, at every depth, a field the schema does
 * not define and a required field that is missing; writing the model back and comparing it with the input also
 * catches what reading alone lets through (a number written as a string, a value the model drops).
 */
public final class KubernetesSchema {

    /** The built-in kinds the manifests use, by {@code apiVersion kind}; any other kind is refused. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1 ServiceAccount", V1ServiceAccount.class,
            "v1 ConfigMap", V1ConfigMap.class,
            "v1 Service", V1Service.class,
            "apps/v1 Deployment", V1Deployment.class,
            "apps/v1 StatefulSet", V1StatefulSet.class,
            "policy/v1 PodDisruptionBudget", V1PodDisruptionBudget.class,
            "networking.k8s.io/v1 NetworkPolicy", V1NetworkPolicy.class,
            "networking.k8s.io/v1 Ingress", V1Ingress.class,
            "autoscaling/v2 HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

    private KubernetesSchema() {
    }

    /** True for a built-in kind this checker knows. */
    public static boolean builtIn(JsonObject object) {
        return KINDS.containsKey(object.getString("apiVersion") + " " + object.getString("kind"));
    }

    /**
     * @return the object as its Kubernetes model
     * @throws IllegalArgumentException naming the object and what is wrong: an unknown kind, an unknown or missing
     *                                  field, a value of the wrong type
     */
    public static Object check(JsonObject object) {
        String kind = object.getString("apiVersion") + " " + object.getString("kind");
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("not a built-in kind known here: " + kind);
        }
        String name = kind + " " + object.getJsonObject("metadata").getString("name", "?");
        Object model;
        try {
            model = JSON.getGson().fromJson(object.toString(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        JsonValue written = Json.createReader(new StringReader(JSON.getGson().toJson(model))).readValue();
        Set<String> differences = new TreeSet<>();
        diff("", object, written, differences);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(name + ": not kept as written by the schema's model at " + differences);
        }
        return model;
    }

    private static void diff(String path, JsonValue given, JsonValue kept, Set<String> differences) {
        if (given.getValueType() == JsonValue.ValueType.OBJECT && kept.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject a = given.asJsonObject();
            JsonObject b = kept.asJsonObject();
            Set<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                diff(path + "/" + key, a.getOrDefault(key, JsonValue.NULL), b.getOrDefault(key, JsonValue.NULL),
                        differences);
            }
        } else if (given.getValueType() == JsonValue.ValueType.ARRAY && kept.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray a = given.asJsonArray();
            JsonArray b = kept.asJsonArray();
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(path + "/" + i, i < a.size() ? a.get(i) : JsonValue.NULL, i < b.size() ? b.get(i) : JsonValue.NULL,
                        differences);
            }
        } else if (given == JsonValue.NULL && (kept.equals(JsonValue.EMPTY_JSON_OBJECT) || kept.equals(JsonValue.EMPTY_JSON_ARRAY))) {
            // a model that starts a map or list empty writes it out empty: the same object to the API server
        } else if (!given.equals(kept)) {
            differences.add(path + " (" + given + " became " + kept + ")");
        }
    }
}

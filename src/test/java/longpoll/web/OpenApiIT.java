package longpoll.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document each server publishes at {@code /openapi}, held against the real endpoints:
 * it names every operation the service answers, and every documented operation answers real
 * requests with statuses, headers and bodies the document lists.
 */
class OpenApiIT extends DeployedWar {

    /** Every method and path the API answers (OPTIONS, answered by JAX-RS itself for CORS, aside). */
    private static final Set<String> OPERATIONS = Set.of(
            "GET /poll/{clientId}",
            "HEAD /poll/{clientId}",
            "POST /poll/{clientId}",
            "POST /poll/send",
            "POST /poll/send/batch",
            "POST /poll/token/{clientId}");

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");
    /** What JSON Schema keywords only annotate: anything else in a schema must be checked below. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "format", "example", "examples");

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private JsonObject document;

    @BeforeEach
    void fetchDocument() {
        var answer = api.send(
                api.request("openapi").header("Accept", "application/json").GET());
        assertEquals(200, answer.statusCode(), answer.body());
        document = Json.fromJson(answer.body(), JsonObject.class);
    }

    @Test
    void documentIsOpenApi31() {
        assertTrue(document.getString("openapi").startsWith("3.1."), document.getString("openapi"));
        assertEquals("longpoll", document.getJsonObject("info").getString("title"));
    }

    @Test
    void documentIsServedAsJsonForAQueryToo() {
        var answer = api.send(api.request("openapi?format=JSON").GET());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(document, Json.fromJson(answer.body(), JsonObject.class));
    }

    @Test
    void documentNamesEveryOperationTheServiceAnswersAndNoOther() {
        assertEquals(new TreeSet<>(OPERATIONS), documentedOperations());
    }

    @Test
    void methodsTheDocumentLeavesOutAreRefused() {
        for (String path : document.getJsonObject("paths").keySet()) {
            String concrete = path.replace("{clientId}", "openapi-other-methods");
            for (String method : METHODS) {
                if (!documents(method, concrete)) {
                    var answer = api.send(api.request(concrete.substring(1) + "?timeout=0.1")
                            .method(method, BodyPublishers.noBody()));
                    assertTrue(
                            answer.statusCode() >= 400, method + " " + concrete + " answered " + answer.statusCode());
                }
            }
        }
    }

    @Test
    void everyDocumentedOperationAnswersAsDocumented() {
        var driven = new TreeSet<String>();
        for (Exchange exchange : exchanges()) {
            checkAgainstDocument(exchange);
            driven.add(exchange.operation());
        }
        assertEquals(documentedOperations(), driven, "documented operations without a real request here");
    }

    @Test
    void requestBodiesTheDocumentAllowsAreAcceptedAndOthersRefused() {
        for (Exchange exchange : exchanges()) {
            if (exchange.body() == null) {
                continue;
            }
            JsonObject operation = operation(exchange.operation());
            JsonValue schema = resolve(operation.getJsonObject("requestBody"))
                    .asJsonObject()
                    .getJsonObject("content")
                    .getJsonObject("application/json")
                    .get("schema");
            List<String> problems = new ArrayList<>();
            try {
                validate(Json.fromJson(exchange.body(), JsonValue.class), schema, "body", problems);
            } catch (RuntimeException notJson) {
                problems.add("not JSON");
            }
            int status = exchange.answer().statusCode();
            if (problems.isEmpty()) {
                assertTrue(
                        status < 400 || status == 413 || status == 422,
                        exchange + ": valid by the document, refused " + status);
            } else {
                assertEquals(400, status, exchange + ": invalid by the document " + problems + ", answered " + status);
            }
        }
    }

    /** Real requests for each operation, answered by a server configured by default (no tokens). */
    private List<Exchange> exchanges() {
        var exchanges = new ArrayList<Exchange>();
        exchanges.add(post("POST /poll/send", "poll/send", "{\"to\": \"openapi-plain\", \"message\": {\"n\": 1}}"));
        exchanges.add(get("GET /poll/{clientId}", "poll/openapi-plain?timeout=5"));
        exchanges.add(post("POST /poll/{clientId}", "poll/openapi-ack", "{\"message\": \"acknowledged\"}"));
        exchanges.add(get("GET /poll/{clientId}", "poll/openapi-ack?ack=&timeout=5"));
        exchanges.add(get("GET /poll/{clientId}", "poll/openapi-empty?timeout=0.2"));
        exchanges.add(get("GET /poll/{clientId}", "poll/openapi-empty?timeout=never"));
        exchanges.add(get("GET /poll/{clientId}", "poll/not%20a%20client"));
        exchanges.add(new Exchange(
                "HEAD /poll/{clientId}",
                null,
                api.send(api.request("poll/openapi-head").method("HEAD", BodyPublishers.noBody()))));
        exchanges.add(new Exchange(
                "HEAD /poll/{clientId}",
                null,
                api.send(api.request("poll/not%20a%20client").method("HEAD", BodyPublishers.noBody()))));
        exchanges.add(post("POST /poll/send", "poll/send", "{\"to\": \"openapi-plain\"}"));
        exchanges.add(post("POST /poll/send", "poll/send", "{\"to\": 7, \"message\": 1}"));
        exchanges.add(post("POST /poll/send", "poll/send", "{\"to\": \"openapi-plain\", \"message\": "));
        exchanges.add(post(
                "POST /poll/send",
                "poll/send",
                "{\"to\": \"openapi-large\", \"message\": \"" + "x".repeat(70_000) + "\"}"));
        exchanges.add(post("POST /poll/{clientId}", "poll/openapi-ack", "{\"to\": \"openapi-ack\"}"));
        exchanges.add(post(
                "POST /poll/send/batch",
                "poll/send/batch",
                "[{\"to\": \"openapi-batch\", \"message\": 1}, {\"to\": \"openapi-batch\", \"message\": [2]}]"));
        exchanges.add(post("POST /poll/send/batch", "poll/send/batch", "[]"));
        exchanges.add(post("POST /poll/send/batch", "poll/send/batch", "[{\"message\": 1}]"));
        String key = "openapi-" + System.nanoTime();
        for (String message : List.of("1", "2")) {
            String body = "{\"to\": \"openapi-keyed\", \"message\": " + message + "}";
            exchanges.add(new Exchange(
                    "POST /poll/send",
                    body,
                    api.send(api.request("poll/send")
                            .header("Idempotency-Key", key)
                            .POST(BodyPublishers.ofString(body)))));
        }
        exchanges.add(post("POST /poll/token/{clientId}", "poll/token/openapi-token", null));
        api.poll("openapi-batch");
        api.poll("openapi-keyed");
        return exchanges;
    }

    private Exchange get(String operation, String path) {
        return new Exchange(operation, null, api.send(api.request(path).GET()));
    }

    private Exchange post(String operation, String path, String body) {
        return new Exchange(
                operation,
                body,
                api.send(api.request(path)
                        .POST(body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))));
    }

    /** The answer's status is one the operation lists, and its headers and body are as that answer documents. */
    private void checkAgainstDocument(Exchange exchange) {
        HttpResponse<String> answer = exchange.answer();
        JsonObject responses = operation(exchange.operation()).getJsonObject("responses");
        String status = String.valueOf(answer.statusCode());
        assertTrue(
                responses.containsKey(status),
                exchange + ": status " + status + " is not documented, only " + responses.keySet() + "; body "
                        + answer.body());
        JsonObject documented = resolve(responses.get(status)).asJsonObject();
        JsonObject headers = documented.getJsonObject("headers");
        if (headers != null) {
            for (String name : headers.keySet()) {
                String value = answer.headers().firstValue(name).orElse(null);
                assertTrue(value != null, exchange + ": no " + name + " header");
                var problems = new ArrayList<String>();
                JsonValue read = NUMBER.matcher(value).matches()
                        ? Json.fromJson(value, JsonValue.class)
                        : jakarta.json.Json.createValue(value);
                validate(read, resolve(headers.get(name)).asJsonObject().get("schema"), name, problems);
                assertEquals(List.of(), problems, exchange.toString());
            }
        }
        JsonObject content = documented.getJsonObject("content");
        if (content == null) {
            assertEquals("", answer.body(), exchange + ": a body where the document has none");
            return;
        }
        String type = answer.headers().firstValue("Content-Type").orElse("");
        String mediaType = content.keySet().stream()
                .filter(type::startsWith)
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError(exchange + ": Content-Type " + type + ", documented " + content.keySet()));
        if (answer.request().method().equals("HEAD")) {
            return; // the answer to a HEAD never has a body, whatever the GET's would be
        }
        assertTrue(!answer.body().isEmpty(), exchange + ": no body where the document has one");
        var problems = new ArrayList<String>();
        validate(
                Json.fromJson(answer.body(), JsonValue.class),
                content.getJsonObject(mediaType).get("schema"),
                "body",
                problems);
        assertEquals(List.of(), problems, exchange + " answered " + answer.body());
    }

    /** Whether a documented operation takes {@code method} on {@code path} ({@code /poll/send} is a client id too). */
    private boolean documents(String method, String path) {
        return documentedOperations().stream()
                .map(operation -> operation.split(" ", 2))
                .anyMatch(operation ->
                        operation[0].equals(method) && path.matches(operation[1].replaceAll("\\{[^/]+}", "[^/]+")));
    }

    private TreeSet<String> documentedOperations() {
        var operations = new TreeSet<String>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.keySet()) {
            for (String method : paths.getJsonObject(path).keySet()) {
                if (METHODS.contains(method.toUpperCase())) {
                    operations.add(method.toUpperCase() + " " + path);
                }
            }
        }
        return operations;
    }

    private JsonObject operation(String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonObject path = document.getJsonObject("paths").getJsonObject(methodAndPath[1]);
        if (path == null || !path.containsKey(methodAndPath[0].toLowerCase())) {
            fail(operation + " is not documented");
        }
        return path.getJsonObject(methodAndPath[0].toLowerCase());
    }

    /** Follows a {@code $ref} within the document, if {@code value} is one. */
    private JsonValue resolve(JsonValue value) {
        while (value instanceof JsonObject object && object.containsKey("$ref")) {
            String ref = object.getString("$ref");
            assertTrue(ref.startsWith("#/"), "a reference outside the document: " + ref);
            JsonValue target = document;
            for (String name : ref.substring(2).split("/")) {
                target = target.asJsonObject().get(name.replace("~1", "/").replace("~0", "~"));
                assertTrue(target != null, "a reference to nothing: " + ref);
            }
            if (object.size() == 1) {
                value = target;
            } else {
                // A 3.1 schema may put keywords beside its $ref: both apply, checked one after the other.
                return jakarta.json.Json.createObjectBuilder(object)
                        .remove("$ref")
                        .add("allOf", jakarta.json.Json.createArrayBuilder().add(target))
                        .build();
            }
        }
        return value;
    }

    /** The part of JSON Schema (2020-12) the document uses; a keyword not checked here fails the test. */
    private void validate(JsonValue value, JsonValue schemaValue, String where, List<String> problems) {
        JsonObject schema = resolve(schemaValue).asJsonObject();
        for (String keyword : schema.keySet()) {
            if (ANNOTATIONS.contains(keyword)) {
                continue;
            }
            JsonValue rule = schema.get(keyword);
            switch (keyword) {
                case "type" -> {
                    if (!hasType(value, ((JsonString) rule).getString())) {
                        problems.add(where + " is not of type " + rule + ": " + value);
                    }
                }
                case "enum" -> {
                    if (!rule.asJsonArray().contains(value)) {
                        problems.add(where + " is not one of " + rule + ": " + value);
                    }
                }
                case "pattern" -> {
                    if (value instanceof JsonString text
                            && !Pattern.compile(((JsonString) rule).getString())
                                    .matcher(text.getString())
                                    .find()) {
                        problems.add(where + " does not match " + rule + ": " + value);
                    }
                }
                case "minimum" -> {
                    if (value instanceof JsonNumber number
                            && number.bigDecimalValue().compareTo(((JsonNumber) rule).bigDecimalValue()) < 0) {
                        problems.add(where + " is under " + rule + ": " + value);
                    }
                }
                case "minItems" -> {
                    if (value instanceof JsonArray array && array.size() < ((JsonNumber) rule).intValue()) {
                        problems.add(where + " has fewer than " + rule + " items");
                    }
                }
                case "items" -> {
                    if (value instanceof JsonArray array) {
                        for (int i = 0; i < array.size(); i++) {
                            validate(array.get(i), rule, where + "[" + i + "]", problems);
                        }
                    }
                }
                case "required" -> {
                    if (value instanceof JsonObject object) {
                        for (JsonValue name : rule.asJsonArray()) {
                            if (!object.containsKey(((JsonString) name).getString())) {
                                problems.add(where + " lacks " + name);
                            }
                        }
                    }
                }
                case "properties" -> {
                    if (value instanceof JsonObject object) {
                        for (String name : rule.asJsonObject().keySet()) {
                            if (object.containsKey(name)) {
                                validate(object.get(name), rule.asJsonObject().get(name), where + "." + name, problems);
                            }
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (rule != JsonValue.FALSE) {
                        problems.add(where + ": additionalProperties other than false is not checked here");
                    } else if (value instanceof JsonObject object) {
                        var declared = schema.containsKey("properties")
                                ? schema.getJsonObject("properties").keySet()
                                : Set.of();
                        object.keySet().stream()
                                .filter(name -> !declared.contains(name))
                                .forEach(name -> problems.add(where + " has an undocumented property " + name));
                    }
                }
                case "allOf" -> rule.asJsonArray().forEach(part -> validate(value, part, where, problems));
                case "anyOf" -> {
                    boolean any = false;
                    for (JsonValue part : rule.asJsonArray()) {
                        var partProblems = new ArrayList<String>();
                        validate(value, part, where, partProblems);
                        any |= partProblems.isEmpty();
                    }
                    if (!any) {
                        problems.add(where + " matches none of " + rule + ": " + value);
                    }
                }
                default -> problems.add(where + ": the schema keyword " + keyword + " is not checked here");
            }
        }
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "integer" -> value instanceof JsonNumber number && number.isIntegral();
            default -> throw new AssertionError("type " + type);
        };
    }

    /** One real request and its answer, for the operation (method and path template) it is documented under. */
    private record Exchange(String operation, String body, HttpResponse<String> answer) {
        @Override
        public String toString() {
            String request =
                    answer.request().method() + " " + answer.request().uri().getRawPath()
                            + (answer.request().uri().getRawQuery() == null
                                    ? ""
                                    : "?" + answer.request().uri().getRawQuery());
            return request + (body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body));
        }
    }
}

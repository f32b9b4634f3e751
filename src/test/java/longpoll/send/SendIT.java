package longpoll.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sending, on a real server (Payara Micro, WildFly) with a real Redis: what is accepted, and every refusal. */
class SendIT extends DeployedWar {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"text with \\\"quotes\\\" and ünïcode\"",
                "42",
                "-3.25",
                "12345678901234567890123",
                "true",
                "{\"z\": 1, \"a\": {\"nested\": [1, \"two\", null, false]}}",
                "[1, [2, 3], {}]"
            })
    void messageValueComesBackUnchanged(String message) {
        assertEquals(200, api.send("round-trip", message).statusCode());

        var answer = api.poll("round-trip");

        assertEquals(200, answer.statusCode());
        assertEquals(
                Json.fromJson("[" + message + "]", JsonValue.class), Json.fromJson(answer.body(), JsonValue.class));
    }

    @Test
    void sendIsAnsweredWithTheMessagesId() {
        JsonObject receipt = Json.fromJson(api.send("with-id", "1").body(), JsonObject.class);

        assertEquals("with-id", receipt.getString("to"));
        assertTrue(receipt.getString("id").length() >= 16, receipt.toString());
        assertTrue(
                TestRedis.client().lrange("messages:with-id", 0, -1).getFirst().contains(receipt.getString("id")));
        api.poll("with-id");
    }

    @Test
    void retriedSendWithTheSameIdempotencyKeyIsQueuedOnceAndGetsTheFirstId() {
        var first = sendWithKey("retried", "\"once\"", "order-42");
        var retry = sendWithKey("retried", "\"once\"", "order-42");
        var other = sendWithKey("retried", "\"twice\"", "order-43");

        assertEquals(200, retry.statusCode());
        assertEquals(
                Json.fromJson(first.body(), JsonObject.class).getString("id"),
                Json.fromJson(retry.body(), JsonObject.class).getString("id"));
        assertEquals(200, other.statusCode());
        assertEquals("[\"once\",\"twice\"]", api.poll("retried").body());
    }

    @Test
    void idempotencyKeyUsedAgainForAnotherMessageIsRefused422AndQueuesNothing() {
        var first = sendWithKey("reused", "\"first\"", "order-44");
        var reused = sendWithKey("reused", "\"another\"", "order-44");

        assertEquals(200, first.statusCode(), first.body());
        assertError(422, reused);
        assertEquals("[\"first\"]", api.poll("reused").body());
    }

    @Test
    void singleSendsKeyIsNotABatchsKey() {
        var single = sendWithKey("key-kinds", "\"single\"", "k#0");
        var batch = api.send(api.request("poll/send/batch")
                .header("Idempotency-Key", "k")
                .POST(BodyPublishers.ofString("[{\"to\": \"key-kinds\", \"message\": \"batched\"}]")));

        assertEquals(200, single.statusCode(), single.body());
        assertEquals(200, batch.statusCode(), batch.body());
        assertEquals("[\"single\",\"batched\"]", api.poll("key-kinds").body());
    }

    @Test
    void idempotencyKeyOutsideTheAllowedFormIsRefused() {
        assertError(400, sendWithKey("bad-key", "1", "x".repeat(129)));
        assertError(400, sendWithKey("bad-key", "1", "with space"));
        assertEquals(0, TestRedis.client().llen("messages:bad-key"));
    }

    @Test
    void sendBeyondTheQueueLimitIsRefusedWith429AndNothingIsDropped() {
        TestRedis.fill("full", 10_000);

        var refused = api.send("full", "1");

        assertError(429, refused);
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(10_000, TestRedis.client().llen("messages:full"));
        TestRedis.client().del("messages:full");
    }

    @Test
    void queueOfAClientThatNeverComesBackExpires() {
        api.send("never-back", "1");

        long ttl = TestRedis.client().ttl("messages:never-back");

        assertTrue(ttl > 7 * 24 * 3600 - 60 && ttl <= 7 * 24 * 3600, "ttl " + ttl);
        api.poll("never-back");
    }

    @Test
    void perClientSendOfTheReferenceIsAccepted() {
        var sent = api.post("poll/per-client/", "{\"to\": \"per-client\", \"message\": \"via path\"}");

        assertEquals(200, sent.statusCode());
        assertEquals("[\"via path\"]", api.poll("per-client").body());
    }

    @Test
    void perClientSendMayLeaveOutTo() {
        assertEquals(200, api.post("poll/path-only", "{\"message\": 7}").statusCode());

        assertEquals("[7]", api.poll("path-only").body());
    }

    @Test
    void sendWithoutContentTypeIsReadAsJson() {
        var sent = api.send(api.request("poll/send")
                .POST(BodyPublishers.ofString("{\"to\": \"plain-curl\", \"message\": \"hi\"}")));

        assertEquals(200, sent.statusCode());
        assertEquals("[\"hi\"]", api.poll("plain-curl").body());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"to\": \"x\", \"message\": ",
                "not json",
                "",
                "[\"to\", \"message\"]",
                "{\"message\": \"no recipient\"}",
                "{\"to\": 5, \"message\": \"numeric recipient\"}",
                "{\"to\": null, \"message\": \"null recipient\"}",
                "{\"to\": \"bad-message\"}",
                "{\"to\": \"bad-message\", \"message\": null}",
                "{\"to\": \"has space\", \"message\": 1}",
                "{\"to\": \"\", \"message\": 1}"
            })
    void badSendIsRefusedWith400AndAJsonError(String body) {
        assertError(400, api.post("poll/send", body));
        assertEquals(0, TestRedis.client().llen("messages:bad-message"));
    }

    @Test
    void perClientSendNamingAnotherClientIsRefused() {
        assertError(400, api.post("poll/one", "{\"to\": \"another\", \"message\": 1}"));
    }

    @Test
    void clientIdOutsideTheAllowedCharactersIsRefused() {
        assertError(400, api.poll("with%20space"));
        assertError(400, api.poll("x".repeat(129)));
        assertError(400, api.poll("star*"));
        assertError(400, api.poll("%C3%BCml%C3%A4ut"));
    }

    @Test
    void longestClientIdIsAccepted() {
        String id = "a".repeat(128);
        api.send(id, "1");

        assertEquals("[1]", api.poll(id).body());
    }

    @Test
    void bodyOver64KiBIsRefusedWith413() {
        String big = "\"" + "x".repeat(64 * 1024) + "\"";

        assertError(413, api.send("too-big", big));
        assertEquals(0, TestRedis.client().llen("messages:too-big"));
    }

    @Test
    void bodyJustUnder64KiBIsAccepted() {
        String envelope = "{\"to\": \"nearly-too-big\", \"message\": \"\"}";
        String body = envelope.replace("\"\"}", "\"" + "x".repeat(64 * 1024 - envelope.length()) + "\"}");

        assertEquals(200, api.post("poll/send", body).statusCode());
        assertEquals(
                64 * 1024 - envelope.length() + "[\"\"]".length(),
                api.poll("nearly-too-big").body().length());
    }

    @Test
    void pollTimeoutOutsideItsRangeIsRefused() {
        assertError(400, api.pollAsync("timeouts", "abc").join());
        assertError(400, api.pollAsync("timeouts", "0").join());
        assertError(400, api.pollAsync("timeouts", "31").join());
    }

    private HttpResponse<String> sendWithKey(String to, String message, String key) {
        return api.send(api.request("poll/send")
                .header("Idempotency-Key", key)
                .POST(BodyPublishers.ofString("{\"to\": \"" + to + "\", \"message\": " + message + "}")));
    }

    private static void assertError(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElseThrow());
        JsonObject error = Json.fromJson(response.body(), JsonObject.class);
        assertEquals(status, error.getInt("status"));
        assertTrue(error.getString("error").length() > 5, response.body());
    }
}

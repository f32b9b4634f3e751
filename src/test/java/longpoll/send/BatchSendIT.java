package longpoll.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/** {@code POST /poll/send/batch}, on a real Payara Micro with a real Redis. */
class BatchSendIT extends DeployedWar {

    @Test
    void batchQueuesEachMessageInOrderForItsRecipient() {
        var answer = api.post("poll/send/batch", """
                [{"to": "batch-a", "message": 1}, {"to": "batch-b", "message": "two"}, {"to": "batch-a", "message": 3}]""");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonArray receipts = Json.fromJson(answer.body(), JsonArray.class);
        assertEquals(
                List.of("batch-a", "batch-b", "batch-a"),
                receipts.getValuesAs(JsonObject.class).stream()
                        .map(r -> r.getString("to"))
                        .toList());
        assertEquals(
                3,
                receipts.getValuesAs(JsonObject.class).stream()
                        .map(r -> r.getString("id"))
                        .distinct()
                        .count());
        assertEquals("[1,3]", api.poll("batch-a").body());
        assertEquals("[\"two\"]", api.poll("batch-b").body());
    }

    @Test
    void batchHoldingAMessageLargerThanOneSendMayBeIsRefused413AndQueuesNothing() {
        String large = "\"" + "x".repeat(70 * 1024) + "\""; // over the default 64 KiB of one send

        var answer = api.post("poll/send/batch", "[{\"to\": \"batch-large\", \"message\": " + large + "}]");

        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals(204, api.pollAsync("batch-large", "0.2").join().statusCode());
    }

    @Test
    void batchRetriedWithTheSameIdempotencyKeyQueuesNothingTwice() {
        String batch = """
                [{"to": "batch-retried", "message": "first"}, {"to": "batch-retried", "message": "second"}]""";

        var first = sendBatchWithKey(batch, "batch-7");
        var retry = sendBatchWithKey(batch, "batch-7");

        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(first.body(), retry.body(), "the retry gets the first batch's ids");
        assertEquals(2, TestRedis.client().llen("messages:batch-retried"));
        assertEquals("[\"first\",\"second\"]", api.poll("batch-retried").body());
    }

    @Test
    void batchWithABadMessageIsRefusedAndNothingOfItIsQueued() {
        var refused = api.post("poll/send/batch", """
                [{"to": "batch-good", "message": 1}, {"to": "bad id", "message": 2}]""");

        assertEquals(400, refused.statusCode());
        assertTrue(
                Json.fromJson(refused.body(), JsonObject.class)
                        .getString("error")
                        .contains("Message 1"),
                refused.body());
        assertEquals(0, TestRedis.client().llen("messages:batch-good"));
    }

    @Test
    void batchWithAMessageForAFullQueueIsRefused429AndTheOtherRecipientsMessagesAreQueued() {
        TestRedis.fill("batch-full", 10_000);

        var refused = api.post("poll/send/batch", """
                [{"to": "batch-not-full", "message": 1}, {"to": "batch-full", "message": 2}, {"to": "batch-not-full", "message": 3}]""");

        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(10_000, TestRedis.client().llen("messages:batch-full"));
        assertEquals("[1,3]", api.poll("batch-not-full").body());
        TestRedis.client().del("messages:batch-full");
    }

    @Test
    void batchSentAfterRedisForgotItsScriptsIsQueuedOnceInOrder() {
        TestRedis.client().scriptFlush();

        var answer = api.post("poll/send/batch", """
                [{"to": "batch-flushed", "message": 1}, {"to": "batch-flushed-too", "message": 2}, {"to": "batch-flushed", "message": 3}]""");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("[1,3]", api.poll("batch-flushed").body());
        assertEquals("[2]", api.poll("batch-flushed-too").body());
    }

    @Test
    void emptyBatchIsRefused() {
        var refused = api.post("poll/send/batch", "[]");

        assertEquals(400, refused.statusCode());
        assertTrue(Json.fromJson(refused.body(), JsonObject.class).containsKey("error"), refused.body());
    }

    private HttpResponse<String> sendBatchWithKey(String batch, String key) {
        return api.send(
                api.request("poll/send/batch").header("Idempotency-Key", key).POST(BodyPublishers.ofString(batch)));
    }
}

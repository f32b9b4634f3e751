package longpoll.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol.Command;

/** What longpoll keeps in Redis, and how it behaves while Redis is away. */
class RedisIT extends DeployedWar {

    @Test
    void sentMessageIsStoredAsTheReferenceDesignStoresIt() {
        api.send("layout", "{\"text\": \"hello\"}");

        List<String> entries = TestRedis.client().lrange("messages:layout", 0, -1);

        assertEquals(1, entries.size());
        JsonObject entry = Json.fromJson(entries.getFirst(), JsonObject.class);
        assertEquals("layout", entry.getString("to"));
        assertEquals("hello", entry.getJsonObject("message").getString("text"));
        api.poll("layout");
    }

    @Test
    void messageQueuedByAReferenceServerIsDelivered() {
        // As the reference's Django server writes it: json.dumps, with spaces, and an extra field.
        TestRedis.client()
                .rpush(
                        "messages:from-django",
                        "{\"to\": \"from-django\", \"message\": \"hi\", \"sent_by\": \"django\"}");

        assertEquals("[\"hi\"]", api.poll("from-django").body());
        assertEquals(0, TestRedis.client().llen("messages:from-django"));
    }

    @Test
    void entryThatIsNotAMessageIsSkippedAndTheRestDelivered() {
        TestRedis.client().rpush("messages:garbage", "not json", "{\"to\": \"garbage\", \"message\": 2}");

        assertEquals("[2]", api.poll("garbage").body());
    }

    @Test
    void redisGoneMidPollAnswers503ThenServiceRecoversWhenRedisIsBack() throws Exception {
        openSeveralCommandConnections();
        var poll = api.pollAsync("outage");
        TestRedis.awaitWaitingPolls(1);

        TestRedis.stop();
        try {
            HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
            assertUnavailable(answer);
            assertUnavailable(api.poll("outage"));
            assertUnavailable(api.send("outage", "\"while down\""));
        } finally {
            TestRedis.start();
        }

        assertEquals(200, api.send("outage", "\"after\"").statusCode());
        assertEquals("[\"after\"]", api.poll("outage").body());
    }

    /**
     * Redis refusing writes (out of memory under noeviction, a master turned read-only replica)
     * answers every send and poll 503 with Retry-After, errors raised inside longpoll's scripts
     * included, and nothing that Redis had is lost: the service serves again once Redis does.
     */
    @Test
    void redisRefusingWritesAnswers503ThenServesAgain() {
        var redis = TestRedis.client();
        assertEquals(200, api.send("refused", "\"kept\"").statusCode());

        redis.configSet("maxmemory", "1");
        try {
            assertUnavailable(api.send("refused", "\"out of memory\""));
            assertUnavailable(api.poll("refused"));
        } finally {
            redis.configSet("maxmemory", "0");
        }
        redis.sendCommand(Command.REPLICAOF, "127.0.0.1", "1"); // a master that does not exist
        try {
            assertUnavailable(api.send("refused", "\"read only\""));
            assertUnavailable(api.poll("refused"));
        } finally {
            redis.sendCommand(Command.REPLICAOF, "NO", "ONE");
        }

        assertEquals("[\"kept\"]", api.poll("refused").body());
        assertEquals(200, api.send("refused", "\"after\"").statusCode());
        assertEquals("[\"after\"]", api.poll("refused").body());
    }

    /**
     * A stalled Redis never hangs a poll: its pop's command gets no reply within the Redis timeout
     * (2 s), and the poll is answered 503 then, although its own timeout (1 s) came first (a 204
     * is written only once the pop is done with Redis, see DeliveryOrderIT).
     */
    @Test
    void pollIsAnsweredInTimeEvenWhileRedisStalls() throws Exception {
        api.send("stall-warm-up", "0");
        api.poll("stall-warm-up");

        TestRedis.freeze();
        HttpResponse<String> answer;
        long start = System.nanoTime();
        try {
            answer = api.pollAsync("stalled", "1").get(20, TimeUnit.SECONDS);
        } finally {
            TestRedis.thaw();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Retry-After").isPresent());
        assertTrue(elapsedMillis < 5000, "answered after " + elapsedMillis + " ms");
    }

    /** Leaves idle connections in the server's pool that the outage will make stale. */
    private void openSeveralCommandConnections() {
        var sends = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.runAsync(() -> api.send("warm-up", String.valueOf(i))))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sends).join();
        TestRedis.client().del("messages:warm-up");
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(503, Json.fromJson(response.body(), JsonObject.class).getInt("status"));
    }
}

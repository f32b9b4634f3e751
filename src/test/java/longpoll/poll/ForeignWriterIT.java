package longpoll.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A waiting poll is answered soon when another writer, such as the reference Django server sharing
 * the Redis, only appends to the client's list ({@code RPUSH messages:<id>}) and wakes nobody: in
 * both delivery modes, within a second of the push, though no send of this service was involved.
 */
class ForeignWriterIT extends DeployedWar {

    /** Every waiting poll's list is looked at again twice a second, and an answer takes a moment more. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(1);

    @Test
    void plainPollIsAnsweredWithinASecondOfAnEntryAnotherWriterPushed() throws Exception {
        String client = "django-plain";
        var poll = api.pollAsync(client);
        awaitHeld(client);

        pushAsTheReferenceServerDoes(client);

        var answer = answerWithin(poll);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("[\"hi\"]", answer.body());
    }

    @Test
    void acknowledgingPollIsAnsweredWithinASecondOfAnEntryAnotherWriterPushed() throws Exception {
        String client = "django-ack";
        var poll = api.sendAsync(api.request("poll/" + client + "?ack=").GET());
        awaitHeld(client);

        pushAsTheReferenceServerDoes(client);

        var answer = answerWithin(poll);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonArray messages = Json.fromJson(answer.body(), JsonArray.class);
        assertEquals(1, messages.size(), answer.body());
        assertEquals("hi", messages.getJsonObject(0).getString("message"));
    }

    /** The client's poller key is set while a poll of it waits, whichever way the node waits for its messages. */
    private static void awaitHeld(String client) {
        String key = new ClientId(client).pollerKey();
        await("a poll of " + client + " held")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestRedis.client().exists(key));
    }

    /** An entry as the reference Django server writes it: appended, with no id and no wake-up. */
    private static void pushAsTheReferenceServerDoes(String client) {
        TestRedis.client()
                .rpush(
                        new ClientId(client).queueKey(),
                        "{\"to\": \"" + client + "\", \"message\": \"hi\", \"sent_by\": \"django\"}");
    }

    private static HttpResponse<String> answerWithin(CompletableFuture<HttpResponse<String>> poll) throws Exception {
        try {
            return poll.get(ANSWERED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("the poll was not answered within " + ANSWERED_WITHIN.toMillis() + " ms of the push");
        }
    }
}

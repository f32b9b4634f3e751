package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * Entries that are not messages, as another writer may push them onto a client's list, neither
 * reach the client nor stop the messages behind them: they move to the client's dead-letter list,
 * counted in /stats. And a {@code HEAD} of a poll never takes anything.
 */
class ForeignEntriesIT extends DeployedWar {

    private static final List<String> NOT_MESSAGES = List.of("null", "plain text", "42", "{\"to\": \"x\"}");

    @Test
    void plainClientGetsTheMessagesBehindEntriesThatAreNotMessagesWhichAreSetAside() {
        String client = "foreign-plain";
        long before = setAside();
        queue(client);

        var first = api.poll(client);
        var second = api.pollAsync(client, "0.5").join();

        assertEquals("[\"before\",\"after\"]", first.body());
        assertEquals(204, second.statusCode(), "nothing stuck at the head: " + second.body());
        assertEquals(NOT_MESSAGES, TestRedis.client().lrange(new ClientId(client).deadLetterKey(), 0, -1));
        assertTrue(TestRedis.client().ttl(new ClientId(client).deadLetterKey()) > 0, "the dead-letter list expires");
        assertEquals(before + NOT_MESSAGES.size(), setAside());
    }

    @Test
    void acknowledgingClientGetsTheMessagesBehindEntriesThatAreNotMessagesAndDoesNotSpin() {
        String client = "foreign-ack";
        queue(client);

        var first = Json.fromJson(
                api.send(api.request("poll/" + client + "?ack=").GET()).body(), JsonArray.class);
        String lastId = first.getJsonObject(first.size() - 1).getString("id");
        var next = api.send(
                api.request("poll/" + client + "?timeout=0.5&ack=" + lastId).GET());

        assertEquals(
                List.of("before", "after"),
                first.stream()
                        .map(item -> ((JsonObject) item).getString("message"))
                        .toList());
        assertEquals(204, next.statusCode(), "nothing left in flight to hand out again: " + next.body());
        assertEquals(0, TestRedis.client().llen(new ClientId(client).inFlightKey()));
        assertEquals(NOT_MESSAGES, TestRedis.client().lrange(new ClientId(client).deadLetterKey(), 0, -1));
    }

    @Test
    void plainAnswerCarriesAtMostABatchOfBytes() {
        String client = "large-plain";
        queueLarge(client);

        var answers = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            answers.add(api.pollAsync(client, "2").join().body());
        }

        assertEquals(
                List.of("a", "b", "c"),
                answers.stream().map(ForeignEntriesIT::firstLetters).toList());
    }

    @Test
    void acknowledgedAnswerCarriesAtMostABatchOfBytes() {
        String client = "large-ack";
        queueLarge(client);

        var letters = new ArrayList<String>();
        String lastId = "";
        for (int i = 0; i < 3; i++) {
            var answer = Json.fromJson(
                    api.send(api.request("poll/" + client + "?timeout=2&ack=" + lastId)
                                    .GET())
                            .body(),
                    JsonArray.class);
            letters.add(answer.stream()
                    .map(item -> ((JsonObject) item).getString("message").substring(0, 1))
                    .reduce("", String::concat));
            lastId = answer.getJsonObject(answer.size() - 1).getString("id");
        }

        assertEquals(List.of("a", "b", "c"), letters);
    }

    /** Three entries of 600 KB, as another writer may push them (a send is bounded), two of which exceed a batch's 1 MiB. */
    private static void queueLarge(String client) {
        TestRedis.client()
                .rpush(
                        "messages:" + client,
                        Stream.of("a", "b", "c")
                                .map(letter ->
                                        "{\"to\": \"" + client + "\", \"message\": \"" + letter.repeat(600_000) + "\"}")
                                .toArray(String[]::new));
    }

    /** The first letter of each message of a plain answer. */
    private static String firstLetters(String answer) {
        if (answer.isEmpty()) {
            return "";
        }
        return Json.fromJson(answer, JsonArray.class).getValuesAs(JsonString.class).stream()
                .map(message -> message.getString().substring(0, 1))
                .reduce("", String::concat);
    }

    @Test
    void headOfAPollTakesNothing() {
        assertEquals(200, api.send("headed", "\"kept\"").statusCode());

        var head = api.send(api.request("poll/headed").HEAD());

        assertEquals(204, head.statusCode());
        assertEquals(1, TestRedis.client().llen("messages:headed"));
        assertEquals("[\"kept\"]", api.poll("headed").body());
    }

    /** A message, the entries that are not messages, another message, as writers left them. */
    private void queue(String client) {
        assertEquals(200, api.send(client, "\"before\"").statusCode());
        TestRedis.client().rpush("messages:" + client, NOT_MESSAGES.toArray(String[]::new));
        assertEquals(200, api.send(client, "\"after\"").statusCode());
    }

    private long setAside() {
        return Json.fromJson(api.send(api.request("stats").GET()).body(), JsonObject.class)
                .getJsonNumber("entriesSetAside")
                .longValue();
    }
}

package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/** Acknowledged (at-least-once) delivery, on a real server (Payara Micro, WildFly) with a real Redis. */
class AcknowledgedDeliveryIT extends DeployedWar {

    @Test
    void acknowledgingClientGetsEachMessageWithTheIdItsSendWasAnswered() {
        String id = idOf(api.send("ids", "\"hello\""));

        JsonArray answer = acknowledgingPoll("ids", "");

        assertEquals(1, answer.size());
        assertEquals(id, answer.getJsonObject(0).getString("id"));
        assertEquals("hello", answer.getJsonObject(0).getString("message"));
    }

    @Test
    void unacknowledgedMessagesComeAgainFirstAndInOrder() {
        api.send("again", "1");
        api.send("again", "2");
        JsonArray first = acknowledgingPoll("again", "");
        api.send("again", "3");

        JsonArray repeated = acknowledgingPoll("again", "");

        assertEquals(List.of(1, 2), numbersIn(first));
        assertEquals(List.of(1, 2), numbersIn(repeated));
        assertEquals(List.of(3), numbersIn(acknowledgingPoll("again", lastIdIn(repeated))));
    }

    @Test
    void acknowledgingAnIdAcknowledgesEveryMessageHandedOutBeforeIt() {
        api.send("cumulative", "1");
        api.send("cumulative", "2");
        JsonArray both = acknowledgingPoll("cumulative", "");

        var answer = api.pollAsync("cumulative", "0.3&ack=" + lastIdIn(both)).join();

        assertEquals(204, answer.statusCode());
        assertEquals(0, TestRedis.client().llen("inflight:{messages:cumulative}"));
    }

    /**
     * Where the server sees the client leave (Payara), the poll it left hands nothing out and the
     * message waits for the next poll; where it can't (WildFly), the message is written to the
     * closed connection, stays in flight, and comes again, first, on the next poll.
     */
    @Test
    void messageSentAfterAClientLeftMidPollComesOnItsNextPoll() throws Exception {
        try (var socket = new Socket("127.0.0.1", deployed().getPort())) {
            socket.getOutputStream()
                    .write(("GET /poll/left?ack= HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            TestRedis.awaitWaitingPolls(1);
        }
        api.send("left", "\"for whoever polls next\"");

        JsonArray answer = acknowledgingPoll("left", "");

        assertEquals("for whoever polls next", answer.getJsonObject(0).getString("message"));
    }

    @Test
    void messageQueuedByAReferenceServerCanBeAcknowledged() {
        TestRedis.client().rpush("messages:foreign", "{\"to\": \"foreign\", \"message\": \"hi\"}");
        JsonArray answer = acknowledgingPoll("foreign", "");

        api.pollAsync("foreign", "0.3&ack=" + lastIdIn(answer)).join();

        assertEquals(0, TestRedis.client().llen("inflight:{messages:foreign}"));
    }

    @Test
    void identicalEntriesWrittenWithoutIdsGetDistinctIdsThatStayTheSame() {
        String entry = "{\"to\": \"twins\", \"message\": \"ping\"}";
        TestRedis.client().rpush("messages:twins", entry, entry);

        JsonArray first = acknowledgingPoll("twins", "");
        JsonArray again = acknowledgingPoll("twins", "");
        JsonArray rest = acknowledgingPoll("twins", idsIn(first).getFirst());
        var done = api.pollAsync("twins", "0.3&ack=" + lastIdIn(rest)).join();

        assertEquals(2, Set.copyOf(idsIn(first)).size(), "distinct ids: " + first);
        assertEquals(idsIn(first), idsIn(again), "the same ids when handed out again");
        assertEquals(List.of(idsIn(first).getLast()), idsIn(rest));
        assertEquals(204, done.statusCode(), done.body());
    }

    @Test
    void entryWithAnIdOfAnotherKindGetsOneItCanBeAcknowledgedBy() {
        TestRedis.client().rpush("messages:numbered", "{\"to\": \"numbered\", \"message\": \"n\", \"id\": 42}");
        JsonArray answer = acknowledgingPoll("numbered", "");

        var next = api.pollAsync("numbered", "0.3&ack=" + lastIdIn(answer)).join();

        assertEquals(204, next.statusCode(), "acknowledged, not handed out again: " + next.body());
        assertEquals(0, TestRedis.client().llen("inflight:{messages:numbered}"));
    }

    @Test
    void plainPollOfTheSameClientIsUnchanged() {
        api.send("plain-too", "\"as before\"");

        assertEquals("[\"as before\"]", api.poll("plain-too").body());
    }

    @Test
    void answerCarriesAtMostOneBatch() {
        for (int i = 0; i < 150; i++) {
            api.send("big-batch", String.valueOf(i));
        }

        JsonArray first = acknowledgingPoll("big-batch", "");
        JsonArray second = acknowledgingPoll("big-batch", lastIdIn(first));

        assertEquals(100, first.size());
        assertEquals(50, second.size());
        assertEquals(100, numbersIn(second).getFirst());
    }

    private JsonArray acknowledgingPoll(String client, String ack) {
        var answer = api.send(api.request("poll/" + client + "?ack=" + ack).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.fromJson(answer.body(), JsonArray.class);
    }

    private static String idOf(java.net.http.HttpResponse<String> sent) {
        assertEquals(200, sent.statusCode(), sent.body());
        return Json.fromJson(sent.body(), JsonObject.class).getString("id");
    }

    private static String lastIdIn(JsonArray answer) {
        return answer.getJsonObject(answer.size() - 1).getString("id");
    }

    private static List<String> idsIn(JsonArray answer) {
        return answer.stream().map(item -> ((JsonObject) item).getString("id")).toList();
    }

    private static List<Integer> numbersIn(JsonArray answer) {
        return answer.stream()
                .map(item -> ((JsonObject) item).getJsonNumber("message").intValue())
                .toList();
    }
}

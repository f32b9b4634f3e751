package longpoll.nodes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.Api;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RawPoll;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.JedisPooled;

/**
 * Two nodes (Payara Micro processes of their own, on different ports) sharing one Redis behave
 * as one service: what is sent through one reaches a poll on the other, a client may poll any
 * node at any time, and a send's {@code waiting} sees polls on every node.
 */
class TwoNodesIT {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    private static final int REDIS_PORT = 16780;

    private static final int MESSAGES = 300;
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess redis;
    private static JedisPooled inspect;
    private static PayaraMicroProcess nodeA;
    private static PayaraMicroProcess nodeB;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void startRedisAndTwoNodes() throws MalformedURLException {
        redis = RedisProcess.inMemory(REDIS_PORT);
        redis.start();
        inspect = new JedisPooled("127.0.0.1", REDIS_PORT);
        var settings = Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT);
        int portA = Ports.free();
        int portB = Ports.free();
        nodeA = PayaraMicroProcess.ofThisBuild(portA, settings, TARGET.resolve("node-a.log"));
        nodeB = PayaraMicroProcess.ofThisBuild(portB, settings, TARGET.resolve("node-b.log"));
        nodeA.start();
        nodeB.start();
        nodeA.awaitReady();
        nodeB.awaitReady();
        a = new Api(URI.create("http://127.0.0.1:" + portA + "/").toURL());
        b = new Api(URI.create("http://127.0.0.1:" + portB + "/").toURL());
    }

    @AfterAll
    static void stopAll() {
        nodeA.terminate();
        nodeB.terminate();
        inspect.close();
        redis.stop();
    }

    @Test
    void messageSentThroughOneNodeReachesAPollOnTheOtherWhichCountsAsWaiting() throws InterruptedException {
        var poll = b.pollAsync("across");
        awaitWaiting("across");

        var sent = a.send("across", "\"hello from A\"");

        assertEquals(200, sent.statusCode(), sent.body());
        assertTrue(
                Json.fromJson(sent.body(), JsonObject.class).getBoolean("waiting"),
                "the poll on B counts: " + sent.body());
        var received = poll.join();
        assertEquals(200, received.statusCode());
        assertEquals("[\"hello from A\"]", received.body());
    }

    @Test
    void aPollThatEndedOnTheOtherNodeNoLongerCountsAsWaiting() throws InterruptedException {
        assertEquals(204, b.pollAsync("gone", "0.2").join().statusCode());
        // Answered 204 by its response timeout, a poll's pop may still be ending: it counts until then.
        awaitCount("gone", false);

        var sent = a.send("gone", "\"anyone?\"");

        assertFalse(Json.fromJson(sent.body(), JsonObject.class).getBoolean("waiting"), sent.body());
    }

    /** A poll counts itself out in the round trip that takes its messages, before it is answered. */
    @ParameterizedTest(name = "acknowledging: {0}")
    @ValueSource(booleans = {false, true})
    void aPollAnsweredWithAMessageNoLongerCountsAsWaiting(boolean ack) throws InterruptedException {
        String client = ack ? "answered-ack" : "answered-plain";
        var poll =
                b.sendAsync(b.request("poll/" + client + (ack ? "?ack=" : "")).GET());
        awaitWaiting(client);

        assertEquals(200, a.send(client, "\"here\"").statusCode());

        assertEquals(200, poll.join().statusCode());
        assertFalse(inspect.exists(new ClientId(client).pollerKey()), "still counted once answered");
        assertFalse(Json.fromJson(a.send(client, "\"again\"").body(), JsonObject.class)
                .getBoolean("waiting"));
    }

    /**
     * A client whose poll on A is left open (a tab in the background, a connection that went
     * quiet) polls B: the poll on B supersedes the one on A before it pops, so the message goes
     * to B, and A's poll waits for its own timeout.
     */
    @ParameterizedTest(name = "acknowledging: {0}")
    @ValueSource(booleans = {false, true})
    void aPollOnOneNodeIsSupersededByTheClientsPollOnTheOther(boolean ack) throws Exception {
        String client = ack ? "left-on-a-ack" : "left-on-a-plain";
        String query = "?timeout=3" + (ack ? "&ack=" : "");
        try (var onA = RawPoll.open(a.base().toURL(), "poll/" + client + query)) {
            String first = awaitPoller(client, null);
            var onB = b.sendAsync(b.request("poll/" + client + "?timeout=10" + (ack ? "&ack=" : ""))
                    .GET());
            awaitPoller(client, first);

            assertEquals(200, a.send(client, "\"for B\"").statusCode());

            var received = onB.join();
            assertEquals(200, received.statusCode());
            assertTrue(received.body().contains("\"for B\""), received.body());
            assertEquals(204, onA.status(Duration.ofSeconds(10)));
            assertEquals(0, inspect.llen("messages:" + client));
        }
    }

    @Test
    void acknowledgingClientMovingBetweenNodesLosesAndDuplicatesNothing() {
        assertEquals(allSequenceNumbers(), receiveWhileSending("mover-ack", true));
    }

    @Test
    void plainClientMovingBetweenNodesLosesAndDuplicatesNothing() {
        assertEquals(allSequenceNumbers(), receiveWhileSending("mover-plain", false));
    }

    /**
     * Sends numbered messages through both nodes in turn while the client polls both in turn,
     * each poll on the other node than the last (acknowledging what it got, when {@code ack}).
     *
     * @return the sequence numbers received, in arrival order
     */
    private static List<Integer> receiveWhileSending(String client, boolean ack) {
        var sender = CompletableFuture.runAsync(() -> {
            for (int seq = 0; seq < MESSAGES; seq++) {
                var through = seq % 2 == 0 ? a : b;
                var sent = through.send(through.request("poll/send")
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", client + "-" + seq)
                        .POST(BodyPublishers.ofString(
                                "{\"to\": \"" + client + "\", \"message\": {\"seq\": " + seq + "}}")));
                assertEquals(200, sent.statusCode(), sent.body());
            }
        });
        var received = new ArrayList<Integer>();
        String lastId = "";
        long deadline = System.nanoTime() + DELIVERY_LIMIT.toNanos();
        for (int polls = 0; received.size() < MESSAGES && System.nanoTime() < deadline; polls++) {
            var node = polls % 2 == 0 ? b : a;
            String query = "?timeout=1" + (ack ? "&ack=" + lastId : "");
            HttpResponse<String> answer =
                    node.send(node.request("poll/" + client + query).GET());
            if (answer.statusCode() == 204) {
                continue;
            }
            assertEquals(200, answer.statusCode(), answer.body());
            for (JsonValue item : Json.fromJson(answer.body(), JsonArray.class)) {
                JsonObject message = ack ? ((JsonObject) item).getJsonObject("message") : (JsonObject) item;
                received.add(message.getInt("seq"));
                if (ack) {
                    lastId = ((JsonObject) item).getString("id");
                }
            }
        }
        sender.join();
        return received;
    }

    private static List<Integer> allSequenceNumbers() {
        return IntStream.range(0, MESSAGES).boxed().toList();
    }

    /** Waits until a poll other than {@code previous} (a wake key, or null) is the client's poller. */
    private static String awaitPoller(String client, String previous) {
        String key = new ClientId(client).pollerKey();
        return await("a new poll of " + client)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> inspect.get(key), poller -> poller != null && !poller.equals(previous));
    }

    /** Until the poll reached Redis, a send could not see it: wait for its count there. */
    private static void awaitWaiting(String client) throws InterruptedException {
        awaitCount(client, true);
    }

    /** Waits until the client's count of waiting polls exists, or is gone. */
    private static void awaitCount(String client, boolean exists) {
        String key = new ClientId(client).pollerKey();
        await("the count of " + client + (exists ? " to come" : " to go"))
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> inspect.exists(key) == exists);
    }
}

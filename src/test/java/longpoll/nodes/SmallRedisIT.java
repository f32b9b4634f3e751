package longpoll.nodes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.Api;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes share a Redis that takes at most 50 clients ({@code --maxclients 50}), and each holds
 * 150 polls: together six times as many polls as Redis takes connections. A waiting poll is an
 * entry in its node's registry, not a Redis connection of its own, so Redis's client limit does
 * not bound how many polls a node holds, and a message sent through either node reaches its
 * client's poll.
 */
class SmallRedisIT {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    private static final int REDIS_PORT = 16781;

    private static final int REDIS_MAX_CLIENTS = 50;
    private static final int POLLS_PER_NODE = 150;
    /** Long enough for every poll to be held, and still held when its message comes. */
    private static final String POLL_TIMEOUT_SECONDS = "20";

    private static final Duration HELD_WITHIN = Duration.ofSeconds(15);
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(10);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess redis;
    private static PayaraMicroProcess nodeA;
    private static PayaraMicroProcess nodeB;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void startASmallRedisAndTwoNodes() throws IOException {
        redis = RedisProcess.inMemory(
                REDIS_PORT,
                Files.createTempDirectory(TARGET, "small-redis"),
                List.of("--maxclients", String.valueOf(REDIS_MAX_CLIENTS)));
        redis.start();
        var settings = Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT);
        int portA = Ports.free();
        int portB = Ports.free();
        nodeA = PayaraMicroProcess.ofThisBuild(portA, settings, TARGET.resolve("small-redis-node-a.log"));
        nodeB = PayaraMicroProcess.ofThisBuild(portB, settings, TARGET.resolve("small-redis-node-b.log"));
        nodeA.start();
        nodeB.start();
        nodeA.awaitReady();
        nodeB.awaitReady();
        a = api(portA);
        b = api(portB);
    }

    @AfterAll
    static void stopAll() {
        nodeA.terminate();
        nodeB.terminate();
        redis.stop();
    }

    @Test
    void eachNodeHoldsThreeTimesAsManyPollsAsRedisTakesClientsAndDeliversToThem() throws Exception {
        var onA = pollsOf(a, "small-a-");
        var onB = pollsOf(b, "small-b-");
        awaitHeld(a, onA);
        awaitHeld(b, onB);

        var sentThroughB = b.send("small-a-7", "\"to a poll on A\"");
        var sentThroughA = a.send("small-b-42", "\"to a poll on B\"");

        assertEquals(200, sentThroughB.statusCode(), sentThroughB.body());
        assertEquals(200, sentThroughA.statusCode(), sentThroughA.body());
        var receivedOnA = onA.get(7).get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        var receivedOnB = onB.get(42).get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, receivedOnA.statusCode(), receivedOnA.body());
        assertEquals("[\"to a poll on A\"]", receivedOnA.body());
        assertEquals(200, receivedOnB.statusCode(), receivedOnB.body());
        assertEquals("[\"to a poll on B\"]", receivedOnB.body());
    }

    /** {@value #POLLS_PER_NODE} polls on one node, one per client {@code prefix + i}. */
    private static List<CompletableFuture<HttpResponse<String>>> pollsOf(Api node, String prefix) {
        return IntStream.range(0, POLLS_PER_NODE)
                .mapToObj(i -> node.pollAsync(prefix + i, POLL_TIMEOUT_SECONDS))
                .toList();
    }

    /**
     * Waits until the node holds all the polls (its {@code pollsWaiting}); a poll answered
     * meanwhile (a {@code 503} from a Redis that took no more clients) fails the test at once.
     */
    private static void awaitHeld(Api node, List<CompletableFuture<HttpResponse<String>>> polls) {
        await(POLLS_PER_NODE + " polls held by " + node.base())
                .atMost(HELD_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            failIfAnyAnswered(node, polls);
                            return pollsWaiting(node);
                        },
                        waiting -> waiting >= POLLS_PER_NODE);
    }

    private static void failIfAnyAnswered(Api node, List<CompletableFuture<HttpResponse<String>>> polls) {
        var answered = polls.stream()
                .filter(CompletableFuture::isDone)
                .map(CompletableFuture::join)
                .toList();
        if (!answered.isEmpty()) {
            var first = answered.getFirst();
            fail(answered.size() + " of " + polls.size() + " polls on " + node.base()
                    + " answered before any message was sent, the first "
                    + first.statusCode() + " " + first.body());
        }
    }

    private static long pollsWaiting(Api node) {
        var stats = node.send(node.request("stats").GET());
        assertEquals(200, stats.statusCode(), stats.body());
        return Json.fromJson(stats.body(), JsonObject.class)
                .getJsonNumber("pollsWaiting")
                .longValue();
    }

    private static Api api(int port) throws MalformedURLException {
        return new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
    }
}

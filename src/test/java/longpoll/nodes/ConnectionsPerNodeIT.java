package longpoll.nodes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.Api;
import longpoll.support.Pause;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;

/**
 * A node's Redis connections do not grow with the polls it holds: a waiting poll is an entry in
 * the node's registry, and the node has a few pooled connections for its sends and for its polls
 * (their one blocking wait and their re-checks), whatever their number. One node, on a Redis of
 * its own, so that every client of that Redis but this test's own is the node's.
 */
class ConnectionsPerNodeIT {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    private static final int REDIS_PORT = 16782;

    private static final int POLLS = 200;
    /** The node's pools for sends and for polls, 8 connections each, and a few to spare. */
    private static final int MAX_CONNECTIONS = 20;
    /** Long enough for every poll to be held while the connections are counted. */
    private static final String POLL_TIMEOUT_SECONDS = "20";
    /** The test's own connection, named so that it is left out of the count. */
    private static final String INSPECTOR = "connections-test";

    private static final Duration HELD_WITHIN = Duration.ofSeconds(15);
    /** Longer than a few re-checks of the waiting polls' lists (every 500 ms), each of which may borrow connections. */
    private static final Duration COUNTED_FOR = Duration.ofMillis(1500);

    private static final Duration COUNT_EVERY = Duration.ofMillis(100);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess redis;
    private static JedisPooled inspect;
    private static PayaraMicroProcess node;
    private static Api api;

    @BeforeAll
    static void startRedisAndOneNode() throws MalformedURLException {
        redis = RedisProcess.inMemory(REDIS_PORT);
        redis.start();
        inspect = new JedisPooled(
                new HostAndPort("127.0.0.1", REDIS_PORT),
                DefaultJedisClientConfig.builder().clientName(INSPECTOR).build());
        int port = Ports.free();
        node = PayaraMicroProcess.ofThisBuild(
                port,
                Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT),
                TARGET.resolve("connections-node.log"));
        node.startAndAwaitReady();
        api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
    }

    @AfterAll
    static void stopAll() {
        node.terminate();
        inspect.close();
        redis.stop();
    }

    @Test
    void aNodeHoldingTwoHundredPollsHasAtMostTwentyRedisConnections() {
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, POLLS)
                .mapToObj(i -> api.pollAsync("connections-" + i, POLL_TIMEOUT_SECONDS))
                .toList();
        awaitHeld(polls);

        int most = 0;
        for (long end = System.nanoTime() + COUNTED_FOR.toNanos(); System.nanoTime() < end; ) {
            most = Math.max(most, nodeConnections());
            Pause.millis(COUNT_EVERY.toMillis());
        }

        assertTrue(
                most <= MAX_CONNECTIONS,
                "the node held " + POLLS + " polls with up to " + most + " Redis connections open");
        assertTrue(polls.stream().noneMatch(CompletableFuture::isDone), "a poll was answered while counting");
    }

    /**
     * Waits until the node holds every poll ({@code pollsWaiting}) and each has reached Redis (its
     * client's poller key is set), so that whatever connections the polls need are open.
     */
    private static void awaitHeld(List<CompletableFuture<HttpResponse<String>>> polls) {
        String[] pollerKeys = IntStream.range(0, POLLS)
                .mapToObj(i -> new ClientId("connections-" + i).pollerKey())
                .toArray(String[]::new);
        await(POLLS + " polls held, each with its poller key set")
                .atMost(HELD_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertTrue(
                            polls.stream().noneMatch(CompletableFuture::isDone),
                            "a poll was answered before it was counted: " + firstAnswered(polls));
                    return pollsWaiting() >= POLLS && inspect.exists(pollerKeys) == POLLS;
                });
    }

    private static String firstAnswered(List<CompletableFuture<HttpResponse<String>>> polls) {
        return polls.stream()
                .filter(CompletableFuture::isDone)
                .map(CompletableFuture::join)
                .map(answer -> answer.statusCode() + " " + answer.body())
                .findFirst()
                .orElse("none");
    }

    /** The clients of this test's Redis, but the test's own: the node's connections. */
    private static int nodeConnections() {
        var clients = new String((byte[]) inspect.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        return (int) clients.lines()
                .filter(line -> !line.contains(" name=" + INSPECTOR + " "))
                .count();
    }

    private static long pollsWaiting() {
        var stats = api.send(api.request("stats").GET());
        return Json.fromJson(stats.body(), JsonObject.class)
                .getJsonNumber("pollsWaiting")
                .longValue();
    }
}

package longpoll.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import longpoll.support.Api;
import longpoll.support.Pause;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's log stays quiet while it serves polls: not one warning for a poll answered by a send
 * (written by the node's wait, not by the request's thread), at its timeout (by JAX-RS's timer),
 * or by a newer poll of its client (by that poll's request: this node keeps one poll per client
 * open, so the newer one supersedes the older at once). Each round of the three runs on the
 * HTTP connections the rounds before it used, so that every HTTP thread of Payara Micro meets a
 * request after one of these.
 */
class NodeLogIT {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    private static final int REDIS_PORT = 16784;

    /** More than Payara Micro's HTTP threads (payara-config), so that each serves a few. */
    private static final int ROUNDS = 24;
    /** Long enough for a poll to be held before what answers it comes. */
    private static final long HELD_AFTER_MILLIS = 300;
    /** For the log lines of the last answers to be written. */
    private static final long LOGGED_WITHIN_MILLIS = 1000;

    /** Payara's log level of a record: 900 is WARNING, 1000 SEVERE. */
    private static final Pattern LEVEL = Pattern.compile("\\[levelValue: (\\d+)]");

    private static final int WARNING = 900;

    private static final Path LOG =
            Path.of(System.getProperty("longpoll.war")).getParent().resolve("node-log-node.log");

    private static RedisProcess redis;
    private static PayaraMicroProcess node;
    private static Api api;

    @BeforeAll
    static void startRedisAndOneNode() throws MalformedURLException {
        redis = RedisProcess.inMemory(REDIS_PORT);
        redis.start();
        int port = Ports.free();
        node = PayaraMicroProcess.ofThisBuild(
                port,
                Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT, "LONGPOLL_POLL_MAX_PER_CLIENT", "1"),
                LOG);
        node.startAndAwaitReady();
        api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
    }

    @AfterAll
    static void stopAll() {
        node.terminate();
        redis.stop();
    }

    @Test
    void servingPollsLogsNoWarning() throws Exception {
        assertEquals(204, api.pollAsync("warm-up", "0.1").get().statusCode(), "a first poll");
        // Payara warns once of its own at the first request to the WAR; only what comes after counts.
        Pause.millis(LOGGED_WITHIN_MILLIS);
        long from = Files.size(LOG);

        for (int round = 0; round < ROUNDS; round++) {
            var answeredBySend = api.pollAsync("by-send-" + round, "10");
            Pause.millis(HELD_AFTER_MILLIS);
            assertEquals(200, api.send("by-send-" + round, "\"hi\"").statusCode(), "a send");
            assertAnswered(200, answeredBySend, "a poll answered by a send");

            assertAnswered(204, api.pollAsync("timing-out-" + round, "0.2"), "a poll at its timeout");

            var older = api.pollAsync("reloading-" + round, "10");
            Pause.millis(HELD_AFTER_MILLIS);
            var newer = api.pollAsync("reloading-" + round, "0.2");
            assertAnswered(204, older, "a poll its client's newer poll superseded");
            assertAnswered(204, newer, "the newer poll, at its timeout");
        }
        Pause.millis(LOGGED_WITHIN_MILLIS);

        assertEquals(List.of(), warningsFrom(from), "what the node logged at WARNING or above while it served polls");
    }

    private static void assertAnswered(int status, CompletableFuture<HttpResponse<String>> poll, String what)
            throws Exception {
        var answer = poll.get();
        assertEquals(status, answer.statusCode(), what + ": " + answer.body());
    }

    /** The log's lines from byte {@code from} on that open a record of level WARNING or above. */
    private static List<String> warningsFrom(long from) throws IOException {
        String added;
        try (var log = new RandomAccessFile(LOG.toFile(), "r")) {
            byte[] bytes = new byte[Math.toIntExact(log.length() - from)];
            log.seek(from);
            log.readFully(bytes);
            added = new String(bytes, StandardCharsets.UTF_8);
        }
        return added.lines()
                .filter(line -> {
                    Matcher level = LEVEL.matcher(line);
                    return level.find() && Integer.parseInt(level.group(1)) >= WARNING;
                })
                .toList();
    }
}

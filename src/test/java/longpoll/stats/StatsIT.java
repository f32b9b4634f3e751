package longpoll.stats;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import longpoll.json.Json;
import longpoll.support.Api;
import longpoll.support.DeployedWar;
import longpoll.support.Deployments;
import longpoll.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /stats}: after a known sequence of sends, polls, timeouts, acknowledgements,
 * refusals and Redis failures, each counter has moved by exactly what happened, and no other.
 * The node is deployed small (2 waiting polls, 3 messages per queue) so that it refuses on cue;
 * this class has the deployment to itself, so nothing else moves its counters. It runs on every
 * server: the meters' library is packaged in the WAR, and each server must load it from there.
 */
@ExtendWith(ArquillianExtension.class)
@Tag(DeployedWar.EVERY_SERVER)
class StatsIT {

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofMillis(20);

    @ArquillianResource
    URL deployed;

    private Api api;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.longpoll(Map.of("longpoll.poll.max-waiting", "2", "longpoll.queue.max-length", "3"));
    }

    @BeforeEach
    void client() {
        api = new Api(deployed);
        // An earlier test's poll answered by its timeout is still its client's poller for a moment,
        // and would pass for one of this test's held polls.
        TestRedis.awaitNoWaitingPolls();
    }

    @Test
    void sendsPollsAndTimeoutsMoveTheirCountersByExactlyTheirNumber() {
        var before = stats();

        api.send("stats-plain", "\"one\"");
        api.send("stats-plain", "\"two\"");
        assertEquals("[\"one\",\"two\"]", api.poll("stats-plain").body());
        assertEquals(204, api.pollAsync("stats-idle", "0.3").join().statusCode());

        assertMoved(
                before,
                Map.of("messagesSent", 2L, "pollsWithMessages", 1L, "messagesDelivered", 2L, "pollsTimedOut", 1L));
    }

    @Test
    void repeatedIdempotentSendIsNotCountedTwice() {
        var before = stats();

        for (int i = 0; i < 2; i++) {
            assertEquals(
                    200,
                    api.send(api.request("poll/send")
                                    .header("Idempotency-Key", "stats-once")
                                    .POST(BodyPublishers.ofString("{\"to\": \"stats-idempotent\", \"message\": 1}")))
                            .statusCode());
        }
        assertEquals("[1]", api.poll("stats-idempotent").body());

        assertMoved(before, Map.of("messagesSent", 1L, "pollsWithMessages", 1L, "messagesDelivered", 1L));
    }

    @Test
    void unacknowledgedMessageHandedOutAgainCountsAsRedelivered() {
        var before = stats();

        api.send("stats-ack", "\"hello\"");
        var first = poll("stats-ack?ack=");
        var again = poll("stats-ack?ack=");
        String id =
                Json.fromJson(again.body(), JsonArray.class).getJsonObject(0).getString("id");
        var acknowledged = poll("stats-ack?ack=" + id + "&timeout=0.3");

        assertEquals(first.body(), again.body());
        assertEquals(204, acknowledged.statusCode());
        assertMoved(
                before,
                Map.of(
                        "messagesSent",
                        1L,
                        "pollsWithMessages",
                        2L,
                        "messagesDelivered",
                        2L,
                        "messagesRedelivered",
                        1L,
                        "pollsTimedOut",
                        1L));
    }

    @Test
    void fullQueueAndFullNodeAreCountedAsRefusalsAndGaugesShowHeldPolls() {
        var before = stats();

        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.send("stats-full", String.valueOf(i)).statusCode());
        }
        assertEquals(429, api.send("stats-full", "3").statusCode());
        var held = api.pollAsync("stats-held-1", "3");
        var alsoHeld = api.pollAsync("stats-held-2", "3");
        TestRedis.awaitWaitingPolls(2);
        var gauges = stats();
        assertEquals(503, api.poll("stats-one-too-many").statusCode());
        assertEquals(204, held.join().statusCode());
        assertEquals(204, alsoHeld.join().statusCode());
        assertEquals("[0,1,2]", api.poll("stats-full").body());

        assertEquals(2, gauges.get("pollsWaiting"));
        assertMoved(
                before,
                Map.of(
                        "messagesSent",
                        3L,
                        "refusedQueueFull",
                        1L,
                        "refusedUnavailable",
                        1L,
                        "pollsTimedOut",
                        2L,
                        "pollsWithMessages",
                        1L,
                        "messagesDelivered",
                        3L));
    }

    @Test
    void failedRedisCallsAreCountedAsRedisErrorsNotRefusals() {
        var before = stats();

        // Frozen rather than stopped: a restarted Redis would leave stale connections in the pool
        // of the server the other test classes share, idle meanwhile.
        TestRedis.freeze();
        try {
            assertEquals(503, api.send("stats-outage", "1").statusCode());
            assertEquals(503, api.send("stats-outage", "2").statusCode());
        } finally {
            TestRedis.thaw();
        }

        // The node's wait blocks on the frozen Redis too, and its failed call counts as well.
        long waitErrors = Math.max(0, stats().get("redisErrors") - before.get("redisErrors") - 2);
        assertMoved(before, Map.of("redisErrors", 2L + waitErrors));
        assertTrue(waitErrors <= 2, waitErrors + " failed calls of the node's wait in two Redis timeouts");
    }

    @Test
    void prometheusTextCarriesTheSameNumbersAsJson() {
        var before = stats();
        api.send("stats-prometheus", "1");
        api.poll("stats-prometheus");
        // Settled first (the poll's gauges back to 0), so that both reads see the same numbers.
        assertMoved(before, Map.of("messagesSent", 1L, "pollsWithMessages", 1L, "messagesDelivered", 1L));
        var json = stats();

        var text = api.send(api.request("stats/prometheus").GET());

        assertEquals(200, text.statusCode());
        assertEquals(
                "text/plain;version=0.0.4;charset=utf-8",
                text.headers()
                        .firstValue("Content-Type")
                        .orElseThrow()
                        .replace(" ", "")
                        .toLowerCase());
        var scrape = Scrape.of(text.body());
        var names = Map.ofEntries(
                Map.entry("pollsWaiting", "longpoll_polls_waiting"),
                Map.entry("pollsWithMessages", "longpoll_polls_with_messages_total"),
                Map.entry("pollsTimedOut", "longpoll_polls_timed_out_total"),
                Map.entry("messagesSent", "longpoll_messages_sent_total"),
                Map.entry("messagesDelivered", "longpoll_messages_delivered_total"),
                Map.entry("messagesRedelivered", "longpoll_messages_redelivered_total"),
                Map.entry("refusedQueueFull", "longpoll_refused_queue_full_total"),
                Map.entry("refusedUnavailable", "longpoll_refused_unavailable_total"),
                Map.entry("redisErrors", "longpoll_redis_errors_total"),
                Map.entry("entriesSetAside", "longpoll_entries_set_aside_total"));
        assertEquals(json.keySet(), names.keySet());
        names.forEach((field, series) -> assertEquals(json.get(field), (long) scrape.value(series), series));
    }

    /**
     * A poll held 0.3 s lands in the timeout outcome's buckets above 0.1 s and in none below; the
     * send before it in the queueing histogram; and the scrape has the JVM's figures beside them.
     */
    @Test
    void prometheusTextHasHoldAndQueueingHistogramsAndJvmFigures() {
        var before = scrape();

        api.send("stats-histogram", "1");
        assertEquals(204, api.pollAsync("stats-histogram-idle", "0.3").join().statusCode());

        await("the poll's hold time to be recorded")
                .atMost(SETTLE_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(RETRY)
                .untilAsserted(() -> {
                    var after = scrape();
                    assertEquals("histogram", after.type("longpoll_poll_hold_seconds"));
                    assertEquals(1, moved(before, after, "longpoll_poll_hold_seconds_count{outcome=\"timeout\"}"));
                    assertEquals(0, moved(before, after, timeoutsHeldUpTo("0.1")));
                    assertEquals(1, moved(before, after, timeoutsHeldUpTo("10.0")));
                    assertEquals("histogram", after.type("longpoll_send_queueing_seconds"));
                    assertEquals(1, moved(before, after, "longpoll_send_queueing_seconds_count"));
                    assertEquals(1, moved(before, after, "longpoll_send_queueing_seconds_bucket{le=\"+Inf\"}"));
                    assertTrue(after.value("jvm_threads_live_threads") > 0);
                    assertTrue(after.value("process_uptime_seconds") > 0);
                    assertEquals("gauge", after.type("jvm_memory_used_bytes"));
                    // Both read com.sun.management, which WildFly shows the WAR only as its descriptor asks.
                    assertEquals("gauge", after.type("jvm_gc_max_data_size_bytes"));
                    assertTrue(after.value("process_cpu_usage") >= 0);
                });
        assertEquals("[1]", api.poll("stats-histogram").body());
    }

    @Test
    void statsLeaveTheClientNamedStatsPollableAndAnswerOtherMethodsWithJson() {
        var wrongMethod = api.send(api.request("stats").POST(BodyPublishers.noBody()));
        api.send("stats", "\"for the client named stats\"");

        assertEquals(405, wrongMethod.statusCode());
        assertEquals(405, Json.fromJson(wrongMethod.body(), JsonObject.class).getInt("status"));
        assertEquals("[\"for the client named stats\"]", api.poll("stats").body());
    }

    private HttpResponse<String> poll(String pathAndQuery) {
        return api.send(api.request("poll/" + pathAndQuery).GET());
    }

    private Scrape scrape() {
        var answer = api.send(api.request("stats/prometheus").GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return Scrape.of(answer.body());
    }

    private static String timeoutsHeldUpTo(String seconds) {
        return "longpoll_poll_hold_seconds_bucket{le=\"" + seconds + "\",outcome=\"timeout\"}";
    }

    private static double moved(Scrape before, Scrape after, String series) {
        return after.value(series) - before.value(series);
    }

    private Map<String, Long> stats() {
        var answer = api.send(api.request("stats").GET());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(
                "application/json",
                answer.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        var stats = new LinkedHashMap<String, Long>();
        Json.fromJson(answer.body(), JsonObject.class)
                .forEach((name, value) -> stats.put(name, ((JsonNumber) value).longValue()));
        return stats;
    }

    /**
     * Counters are updated as each answer is written, so a client may read them a moment before
     * the last one moved: wait until they settle at the expected values (unlisted ones unchanged,
     * gauges back to 0), then compare the whole set, so that a stray increment fails too.
     */
    private void assertMoved(Map<String, Long> before, Map<String, Long> deltas) {
        var expected = new HashMap<String, Long>();
        before.forEach((name, value) -> expected.put(name, value + deltas.getOrDefault(name, 0L)));
        expected.put("pollsWaiting", 0L);
        await("the counters to settle")
                .atMost(SETTLE_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(RETRY)
                .untilAsserted(() -> assertEquals(new TreeMap<>(expected), new TreeMap<>(stats())));
    }
}

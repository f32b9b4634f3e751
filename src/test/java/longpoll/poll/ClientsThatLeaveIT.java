package longpoll.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.DeployedWar;
import longpoll.support.RawPoll;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of a poll (a page reload, a closed tab, a dropped
 * connection) takes nothing with it: its next poll, on any connection, supersedes the one it left
 * behind, is never refused for it, and gets every message sent after it. Polls here are raw
 * sockets, left without reading or left open, as a browser leaves them.
 */
class ClientsThatLeaveIT extends DeployedWar {

    private static final int POLLS_LEFT_BEHIND = 5;
    private static final Duration AT_ONCE = Duration.ofSeconds(3);

    @Test
    void plainClientThatLeftPollsBehindIsNeverRefusedAndGetsEveryMessageSentAfter() {
        assertPollsLeftBehindTakeNothing("leaver-plain", "");
    }

    @Test
    void acknowledgingClientThatLeftPollsBehindIsNeverRefusedAndGetsEveryMessageSentAfter() {
        assertPollsLeftBehindTakeNothing("leaver-ack", "&ack=");
    }

    private void assertPollsLeftBehindTakeNothing(String client, String ack) {
        String poller = null;
        for (int i = 0; i < POLLS_LEFT_BEHIND; i++) {
            try (var left = RawPoll.open(deployed(), "poll/" + client + "?timeout=5" + ack)) {
                poller = awaitNewPoller(client, poller);
            }
        }
        var next = api.sendAsync(
                api.request("poll/" + client + "?timeout=10" + ack).GET());
        awaitNewPoller(client, poller);

        assertEquals(200, api.send(client, "\"sent after\"").statusCode());

        HttpResponse<String> answer =
                next.orTimeout(AT_ONCE.toSeconds(), TimeUnit.SECONDS).join();
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"sent after\""), answer.body());
        assertEquals(0, TestRedis.client().llen("messages:" + client));
    }

    @Test
    void pollLeftOpenIsSupersededByTheClientsNextPollAndAnsweredOnlyAtItsOwnTimeout() {
        String client = "second-tab";
        try (var first = RawPoll.open(deployed(), "poll/" + client + "?timeout=3")) {
            String poller = awaitNewPoller(client, null);
            var second =
                    api.sendAsync(api.request("poll/" + client + "?timeout=10").GET());
            awaitNewPoller(client, poller);

            assertEquals(200, api.send(client, "\"for the newest\"").statusCode());

            assertEquals("[\"for the newest\"]", second.join().body());
            assertEquals(204, first.status(Duration.ofSeconds(10)));
            assertTrue(
                    first.age().compareTo(Duration.ofMillis(2_900)) > 0,
                    "a superseded poll waits for its own timeout, so a live tab does not poll again at once: "
                            + first.age());
        }
    }

    /**
     * Two tabs of one client id, both live, each polling again at once on any answer as the
     * reference client does: each is superseded by the other in turn, and waits for its own
     * timeout, so neither storms, and every message reaches exactly one of them.
     */
    @Test
    void twoLiveTabsSharingAnIdShareEveryMessageWithoutAStormOfPolls() throws InterruptedException {
        String client = "two-tabs";
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        var polls = new AtomicInteger();
        var received = new ArrayList<Integer>();
        var tabs = List.of(tab(client, until, polls, received), tab(client, until, polls, received));
        int sent = 0;
        while (System.nanoTime() < until - Duration.ofSeconds(1).toNanos()) {
            assertEquals(200, api.send(client, String.valueOf(sent++)).statusCode());
            Thread.sleep(100);
        }
        tabs.forEach(CompletableFuture::join);

        int total = sent;
        await("every message received").atMost(Duration.ofSeconds(5)).until(() -> receivedCount(received) == total);
        synchronized (received) {
            assertEquals(
                    IntStream.range(0, sent).boxed().toList(),
                    received.stream().sorted().toList());
        }
        // Each tab polls again after each answer: once per message at most, plus once per timeout.
        assertTrue(polls.get() <= sent + 2 * 7 + 4, polls.get() + " polls for " + sent + " messages");
    }

    /** A tab that polls until {@code until}, at once after every answer, collecting what it gets. */
    private CompletableFuture<Void> tab(String client, long until, AtomicInteger polls, List<Integer> received) {
        return CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < until) {
                polls.incrementAndGet();
                var answer =
                        api.send(api.request("poll/" + client + "?timeout=1").GET());
                if (answer.statusCode() == 200) {
                    var values = Json.fromJson(answer.body(), Integer[].class);
                    synchronized (received) {
                        received.addAll(List.of(values));
                    }
                }
            }
        });
    }

    private static int receivedCount(List<Integer> received) {
        synchronized (received) {
            return received.size();
        }
    }

    /** Waits until a poll other than {@code previous} (a wake key, or null) is the client's poller. */
    static String awaitNewPoller(String client, String previous) {
        String key = new ClientId(client).pollerKey();
        return await("a new poll of " + client + " in Redis")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(
                        () -> TestRedis.client().get(key),
                        poller -> poller != null && !Objects.equals(poller, previous));
    }
}

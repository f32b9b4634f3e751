package longpoll.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/** Held polls on a real server (Payara Micro, WildFly) with a real Redis: delivery, order, timeouts and races. */
class PollIT extends DeployedWar {

    private static final Duration LOOK_EVERY = Duration.ofMillis(50);

    @Test
    void pollWaitingBeforeSendReceivesTheMessage() throws Exception {
        var poll = api.pollAsync("waiting-first");
        TestRedis.awaitWaitingPolls(1);

        var sent = api.send("waiting-first", "\"your message\"");

        assertEquals(200, sent.statusCode());
        JsonObject receipt = Json.fromJson(sent.body(), JsonObject.class);
        assertEquals("waiting-first", receipt.getString("to"));
        assertTrue(receipt.getBoolean("waiting"));
        HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals(
                "application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("[\"your message\"]", answer.body());
    }

    @Test
    void messageSentBeforePollWaitsAndIsDelivered() {
        var sent = api.send("sent-first", "\"kept for later\"");
        assertFalse(Json.fromJson(sent.body(), JsonObject.class).getBoolean("waiting"), sent.body());

        var answer = api.poll("sent-first");

        assertEquals(200, answer.statusCode());
        assertEquals("[\"kept for later\"]", answer.body());
    }

    @Test
    void messagesOfOneClientArriveInTheOrderSent() {
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            api.send("fifo", String.valueOf(i));
        }
        while (received.size() < 250) {
            var answer = api.poll("fifo");
            assertEquals(200, answer.statusCode());
            numbersIn(answer.body()).forEach(received::add);
        }
        assertEquals(IntStream.range(0, 250).boxed().toList(), received);
    }

    @Test
    void severalWaitingMessagesComeInOneAnswer() {
        api.send("batch", "1");
        api.send("batch", "2");
        api.send("batch", "3");

        assertEquals("[1,2,3]", api.poll("batch").body());
    }

    @Test
    void pollWithoutMessagesAnswers204AtItsTimeout() throws Exception {
        long start = System.nanoTime();
        var answer = api.pollAsync("nobody-writes", "1").get(10, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(204, answer.statusCode());
        assertEquals("", answer.body());
        assertTrue(elapsedMillis >= 850 && elapsedMillis < 5000, "answered after " + elapsedMillis + " ms");
    }

    /** Each answer is for one poll, and a poll's URL may carry its token: no cache may keep it. */
    @Test
    void pollAnswersAreNeverStored() {
        api.send("uncached", "\"once\"");

        var withMessages = api.poll("uncached");
        var empty = api.pollAsync("uncached", "0.2").join();

        assertEquals(200, withMessages.statusCode());
        assertEquals(
                "no-store", withMessages.headers().firstValue("Cache-Control").orElse("none"));
        assertEquals(204, empty.statusCode());
        assertEquals("no-store", empty.headers().firstValue("Cache-Control").orElse("none"));
    }

    @Test
    void pollWithTrailingSlashIsHeldLikeAnyOther() {
        api.send("slash", "\"hi\"");

        var answer = api.poll("slash/");

        assertEquals(200, answer.statusCode());
        assertEquals("[\"hi\"]", answer.body());
    }

    @Test
    void twoHundredConcurrentPollersEachGetExactlyTheirOwnMessages() throws Exception {
        int clients = 200;
        Map<String, CompletableFuture<HttpResponse<String>>> polls = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            polls.put("many-" + i, api.pollAsync("many-" + i));
        }
        TestRedis.awaitWaitingPolls(clients);
        try (var senders = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < clients; i++) {
                int n = i;
                senders.submit(() -> api.send("many-" + n, "\"for many-" + n + "\""));
            }
        }
        for (var poll : polls.entrySet()) {
            var answer = poll.getValue().get(20, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), poll.getKey());
            assertEquals("[\"for " + poll.getKey() + "\"]", answer.body());
        }
    }

    @Test
    void twoPollsOfOneClientShareItsMessagesWithoutDuplicates() {
        int messages = 200;
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        List<Integer> duplicates = new ArrayList<>();
        try (var tabs = Executors.newFixedThreadPool(2)) {
            var polling = new AtomicBoolean(true);
            for (int tab = 0; tab < 2; tab++) {
                tabs.submit(() -> {
                    while (polling.get()) {
                        var answer = api.pollAsync("two-tabs", "0.5").join();
                        if (answer.statusCode() == 200) {
                            for (int n : numbersIn(answer.body())) {
                                if (!received.add(n)) {
                                    synchronized (duplicates) {
                                        duplicates.add(n);
                                    }
                                }
                            }
                        }
                    }
                });
            }
            try {
                for (int i = 0; i < messages; i++) {
                    api.send("two-tabs", String.valueOf(i));
                }
                await("every message received")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(LOOK_EVERY)
                        .untilAsserted(() -> assertEquals(messages, received.size()));
            } finally {
                polling.set(false); // or closing the executor waits for the tabs forever
            }
        }
        assertEquals(List.of(), duplicates);
    }

    /**
     * Polls with a 10 ms timeout, so the response timeout and the blocking pop keep racing while
     * messages flow: whichever wins, every message sent is received exactly once.
     */
    @Test
    void messageTakenAsThePollTimesOutIsNotLost() {
        int messages = 1000;
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        var duplicates = new AtomicInteger();
        var polling = new AtomicBoolean(true);
        try (var pollers = Executors.newFixedThreadPool(4)) {
            for (int p = 0; p < 4; p++) {
                pollers.submit(() -> {
                    while (polling.get()) {
                        var answer = api.pollAsync("racing", "0.01").join();
                        if (answer.statusCode() == 200) {
                            numbersIn(answer.body()).forEach(n -> {
                                if (!received.add(n)) {
                                    duplicates.incrementAndGet();
                                }
                            });
                        }
                    }
                });
            }
            try {
                for (int i = 0; i < messages; i++) {
                    api.send("racing", String.valueOf(i));
                }
                await("every message received")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(LOOK_EVERY)
                        .untilAsserted(() -> assertEquals(Set.of(), notReceived(messages, received), "lost"));
            } finally {
                polling.set(false); // or closing the executor waits for the pollers forever
            }
        }
        assertEquals(0, duplicates.get());
    }

    @Test
    void sendAnswerSaysWhenNobodyIsWaiting() {
        var sent = api.send("absent", "1");

        assertEquals(200, sent.statusCode());
        assertFalse(Json.fromJson(sent.body(), JsonObject.class).getBoolean("waiting"));
        api.poll("absent");
    }

    /** Which of the numbers below {@code count} are not in {@code received}. */
    private static Set<Integer> notReceived(int count, Set<Integer> received) {
        return IntStream.range(0, count)
                .filter(n -> !received.contains(n))
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Integer> numbersIn(String body) {
        return Json.fromJson(body, JsonArray.class).stream()
                .map(value -> ((JsonNumber) value).intValue())
                .toList();
    }
}

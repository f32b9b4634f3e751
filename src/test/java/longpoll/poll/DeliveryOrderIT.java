package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.Pause;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One client, polling again as soon as each poll is answered, with polls so short that most end
 * in a timeout while messages keep coming: it gets every message once, in the order sent. A
 * poll's timeout must never let the client's next poll overtake what that poll's pop took.
 */
class DeliveryOrderIT extends DeployedWar {

    private static final int MESSAGES = 10_000;
    private static final int PER_SEND = 20;
    /**
     * Now and then, once the client has caught up, a pause longer than a poll even where Redis
     * ends blocking pops only at its tick (100 ms): polls end both ways, with messages and in
     * timeouts.
     */
    private static final int SENDS_BETWEEN_PAUSES = 25;

    private static final int PAUSE_MILLIS = 300;
    private static final String TIMEOUT = "0.01";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "acknowledged"})
    void aSequentialClientWithTinyTimeoutsGetsEveryMessageOnceInOrder(String delivery) {
        String client = "ordered-" + delivery;
        var caughtUp = new AtomicInteger();
        // A thread of its own: waiting for the client, it must not hold the common pool the HTTP client completes on.
        var sender = Executors.newSingleThreadExecutor();
        var sending = CompletableFuture.runAsync(() -> sendAll(client, caughtUp), sender);
        boolean acknowledging = delivery.equals("acknowledged");
        var received = new ArrayList<Integer>(MESSAGES);
        String lastId = "";
        int timeouts = 0;
        Instant deadline = Instant.now().plus(LIMIT);
        while (received.size() < MESSAGES && Instant.now().isBefore(deadline)) {
            var answer = api.send(
                    api.request("poll/" + client + "?timeout=" + TIMEOUT + (acknowledging ? "&ack=" + lastId : ""))
                            .GET());
            if (answer.statusCode() == 204) {
                timeouts++;
                continue;
            }
            assertEquals(200, answer.statusCode(), answer.body());
            for (var item : Json.fromJson(answer.body(), JsonArray.class)) {
                var message = acknowledging ? ((JsonObject) item).get("message") : item;
                received.add(((JsonNumber) message).intValue());
                lastId = acknowledging ? ((JsonObject) item).getString("id") : lastId;
            }
            caughtUp.set(received.size());
        }
        sending.join();
        sender.shutdown();

        System.out.printf("%s: %d messages, %d polls timed out%n", delivery, received.size(), timeouts);
        assertTrue(timeouts > 0, "the polls are short enough to time out between messages");
        assertEquals(
                -1,
                firstOutOfOrder(received),
                () -> "first out of order at " + firstOutOfOrder(received)
                        + ": "
                        + received.subList(
                                Math.max(0, firstOutOfOrder(received) - 3),
                                Math.min(received.size(), firstOutOfOrder(received) + 3)));
        assertEquals(MESSAGES, received.size());
    }

    /** @param received how many messages the client has received so far */
    private void sendAll(String client, AtomicInteger received) {
        Instant deadline = Instant.now().plus(LIMIT);
        for (int first = 0; first < MESSAGES; first += PER_SEND) {
            String batch = IntStream.range(first, first + PER_SEND)
                    .mapToObj(n -> "{\"to\": \"" + client + "\", \"message\": " + n + "}")
                    .collect(Collectors.joining(",", "[", "]"));
            assertEquals(200, api.post("poll/send/batch", batch).statusCode());
            if (first / PER_SEND % SENDS_BETWEEN_PAUSES == 0) {
                while (received.get() < first + PER_SEND && Instant.now().isBefore(deadline)) {
                    Pause.millis(1);
                }
                Pause.millis(PAUSE_MILLIS);
            }
        }
    }

    /** The index of the first message that is not the one after the one before it, or -1. */
    private static int firstOutOfOrder(List<Integer> received) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i) != i) {
                return i;
            }
        }
        return -1;
    }
}

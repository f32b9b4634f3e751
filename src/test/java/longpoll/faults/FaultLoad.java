package longpoll.faults;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.json.Json;

/**
 * The workload of a fault run: acknowledging clients that poll without pause, and a sender per
 * client that sends it numbered messages at a steady rate, retrying each (with the same
 * {@code Idempotency-Key}) until the send is answered 200, so that per-client order is kept.
 * Whatever the fault, it counts what was sent, what the service acknowledged, and what arrived.
 */
public final class FaultLoad {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(20);
    private static final String POLL_SECONDS = "5";

    private final URI base;
    private final int clients;
    private final Duration sendInterval;
    /** When set, each poll may give up after a random short while, dropping its connection mid-poll. */
    private final boolean dropConnections;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final AtomicInteger sent = new AtomicInteger();
    private final Set<String> acknowledgedBySend = ConcurrentHashMap.newKeySet();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicated = new AtomicInteger();
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final AtomicInteger droppedPolls = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean(true);

    public FaultLoad(int port, int clients, int messagesPerSecond, boolean dropConnections) {
        this.base = URI.create("http://127.0.0.1:" + port + "/poll/");
        this.clients = clients;
        this.sendInterval = Duration.ofNanos(1_000_000_000L * clients / messagesPerSecond);
        this.dropConnections = dropConnections;
    }

    /**
     * Sends for {@code sending}, running {@code fault} once after {@code faultAfter}, then lets
     * the clients drain their queues for at most {@code drainLimit} after both the sending and the
     * fault ended: a server restarted by the fault may take longer to start than the sending lasts.
     */
    public Report run(String name, Duration sending, Duration faultAfter, Runnable fault, Duration drainLimit)
            throws InterruptedException {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var senders = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                String client = name + "-" + c;
                threads.submit(() -> poll(client));
                senders.add(threads.submit(() -> send(client, sending)));
            }
            long start = System.nanoTime();
            Thread.sleep(faultAfter);
            fault.run();
            long faultEnded = System.nanoTime();
            long sendingEnds = start + sending.toNanos();
            Thread.sleep(Duration.ofNanos(Math.max(0, sendingEnds - System.nanoTime())));
            long drainDeadline = Math.max(sendingEnds, faultEnded) + drainLimit.toNanos();
            for (var sender : senders) {
                awaitUntil(sender, drainDeadline);
            }
            while (System.nanoTime() < drainDeadline && !received.containsAll(acknowledgedBySend)) {
                Thread.sleep(RETRY_PAUSE);
            }
            polling.set(false);
            threads.shutdownNow();
        }
        var lost = new ArrayList<>(acknowledgedBySend);
        lost.removeAll(received);
        return new Report(
                name,
                sent.get(),
                acknowledgedBySend.size(),
                received.size(),
                lost.size(),
                duplicated.get(),
                outOfOrder.get(),
                droppedPolls.get());
    }

    private void send(String client, Duration sending) {
        long end = System.nanoTime() + sending.toNanos();
        for (int seq = 0; System.nanoTime() < end && !Thread.currentThread().isInterrupted(); seq++) {
            String key = client + ":" + seq;
            sent.incrementAndGet();
            var request = HttpRequest.newBuilder(base.resolve("send"))
                    .timeout(REQUEST_LIMIT)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(BodyPublishers.ofString("{\"to\": \"" + client + "\", \"message\": {\"seq\": " + seq + "}}"))
                    .build();
            while (!Thread.currentThread().isInterrupted()) {
                if (statusOf(request) == 200) {
                    acknowledgedBySend.add(key);
                    break;
                }
                pause(RETRY_PAUSE);
            }
            pause(sendInterval);
        }
    }

    private void poll(String client) {
        String lastId = "";
        int highestSeq = -1;
        Set<Integer> seen = new HashSet<>();
        while (polling.get()) {
            Duration limit = dropConnections && ThreadLocalRandom.current().nextInt(4) == 0
                    ? Duration.ofMillis(ThreadLocalRandom.current().nextInt(20, 500))
                    : REQUEST_LIMIT;
            var request = HttpRequest.newBuilder(base.resolve(client + "?timeout=" + POLL_SECONDS + "&ack=" + lastId))
                    .timeout(limit)
                    .build();
            HttpResponse<String> answer;
            try {
                answer = http.send(request, BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                droppedPolls.incrementAndGet();
                continue;
            } catch (IOException e) {
                pause(RETRY_PAUSE);
                continue;
            } catch (InterruptedException e) {
                return;
            }
            if (answer.statusCode() == 200) {
                for (var item : Json.fromJson(answer.body(), JsonArray.class)) {
                    var message = (JsonObject) item;
                    int seq = message.getJsonObject("message").getInt("seq");
                    if (!seen.add(seq)) {
                        duplicated.incrementAndGet();
                    } else if (seq < highestSeq) {
                        outOfOrder.incrementAndGet();
                    }
                    highestSeq = Math.max(highestSeq, seq);
                    received.add(client + ":" + seq);
                    lastId = message.getString("id");
                }
            } else if (answer.statusCode() != 204) {
                pause(RETRY_PAUSE);
            }
        }
    }

    /** A sender still retrying at the deadline is abandoned: its message counts as not acknowledged. */
    private static void awaitUntil(Future<?> sender, long deadline) throws InterruptedException {
        try {
            sender.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // counted as sent and not acknowledged
        }
    }

    private int statusOf(HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One run's figures. Lost counts messages the service acknowledged (200) that never arrived. */
    public record Report(
            String run,
            int sent,
            int acknowledgedBySend,
            int received,
            int lost,
            int duplicated,
            int outOfOrder,
            int droppedPolls) {

        @Override
        public String toString() {
            return String.format(
                    "%-22s sent=%d acknowledged-by-send=%d received=%d lost=%d duplicated=%d out-of-order=%d dropped-polls=%d",
                    run, sent, acknowledgedBySend, received, lost, duplicated, outOfOrder, droppedPolls);
        }
    }
}

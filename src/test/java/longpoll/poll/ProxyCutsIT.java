package longpoll.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.Api;
import longpoll.support.CuttingProxy;
import longpoll.support.DeployedWar;
import longpoll.support.RawConnection;
import longpoll.support.TestRedis;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy that cuts held polls (a read timeout shorter than the poll's, a deploy), plain
 * clients that poll again at once lose nothing and get nothing twice, on every server: a poll whose
 * connection the proxy closed stops taking messages at once, so that a message sent before the
 * client's next poll arrives waits for it in Redis instead of going to a connection nobody reads.
 * And a poll's watch of its connection leaves the connection to the client's next request.
 */
class ProxyCutsIT extends DeployedWar {

    private static final int CLIENTS = 10;
    private static final int MESSAGES = 200;
    /** Over about this long, at random moments. */
    private static final Duration SENDING = Duration.ofSeconds(10);
    /** A proxy's read timeout, far shorter than the polls' own timeout. */
    private static final Duration CUT_AFTER = Duration.ofMillis(300);

    private static final String POLL_TIMEOUT = "?timeout=5";
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);

    @Test
    void clientsWhosePollsAProxyCutsLoseNothingAndGetNothingTwice() throws InterruptedException {
        var failures = ConcurrentHashMap.<String>newKeySet();
        var clients = IntStream.range(0, CLIENTS)
                .mapToObj(i -> new Client("cut-" + i, failures))
                .toList();
        var random = new Random(31);
        try (var proxy = CuttingProxy.inFrontOf(deployed(), CUT_AFTER);
                var threads = Executors.newFixedThreadPool(CLIENTS)) {
            var polling = clients.stream()
                    .map(client -> CompletableFuture.runAsync(() -> client.pollThrough(proxy.port()), threads))
                    .toList();
            TestRedis.awaitWaitingPolls(CLIENTS);

            for (int message = 0; message < MESSAGES; message++) {
                Thread.sleep(random.nextLong(2 * SENDING.toMillis() / MESSAGES));
                clients.get(random.nextInt(CLIENTS)).send(api, message);
            }
            try {
                await("every message received")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> clients.stream().allMatch(client -> client.lost() == 0));
            } catch (ConditionTimeoutException lost) {
                // Counted below, client by client.
            }

            clients.forEach(Client::stop);
            polling.forEach(CompletableFuture::join);
            int cuts = proxy.cuts();
            int answers =
                    clients.stream().mapToInt(client -> client.answers.get()).sum();
            int kept = clients.stream()
                    .mapToInt(client -> client.answersOnAKeptConnection.get())
                    .sum();
            int lost = clients.stream().mapToInt(Client::lost).sum();
            int duplicated = clients.stream().mapToInt(Client::duplicated).sum();
            System.out.printf(
                    "Through a proxy that cut %d polls: %d answers (%d on a connection kept from an earlier answer),"
                            + " %d of %d messages lost, %d duplicated%n",
                    cuts, answers, kept, lost, MESSAGES, duplicated);

            assertEquals(Set.of(), failures, "answers other than 200 or 204");
            assertTrue(cuts >= CLIENTS * 10, "the proxy cut only " + cuts + " polls");
            assertEquals(
                    0,
                    lost,
                    clients.stream()
                            .filter(c -> c.lost() > 0)
                            .map(Client::missing)
                            .collect(Collectors.joining("; ")));
            assertEquals(0, duplicated);
            for (Client client : clients) {
                assertEquals(client.sent(), client.received(), client.id + " received its messages in order");
            }
        }
    }

    /**
     * A poll that waited with its connection watched, then was answered, leaves the connection to
     * the client's next poll: three polls, one after the other, on one kept-alive connection.
     */
    @Test
    void clientThatGetsItsAnswerPollsAgainOnTheSameConnection() {
        String client = "kept-alive";
        try (var connection = RawConnection.open(deployed().getPort())) {
            var timedOut = CompletableFuture.supplyAsync(
                    () -> connection.get("poll/" + client + "?timeout=0.5", ANSWER_LIMIT));
            String poller = ClientsThatLeaveIT.awaitNewPoller(client, null);
            assertEquals(204, timedOut.join().status());

            var delivered =
                    CompletableFuture.supplyAsync(() -> connection.get("poll/" + client + "?timeout=10", ANSWER_LIMIT));
            ClientsThatLeaveIT.awaitNewPoller(client, poller);
            assertEquals(200, api.send(client, "\"on the same connection\"").statusCode());
            var answer = delivered.join();
            assertEquals(200, answer.status());
            assertEquals("[\"on the same connection\"]", answer.body());

            assertEquals(
                    204,
                    connection
                            .get("poll/" + client + "?timeout=0.3", ANSWER_LIMIT)
                            .status());
            assertEquals(3, connection.answers());
        }
    }

    /**
     * A plain client that polls through the proxy and polls again at once after every answer (on
     * the same connection, kept alive) and every cut (on a new one), as the reference client does.
     */
    private static final class Client {

        final String id;
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger answersOnAKeptConnection = new AtomicInteger();
        private final Set<String> failures;
        private final List<Integer> sent = new ArrayList<>();
        private final List<Integer> received = new ArrayList<>();
        private volatile boolean stopped;
        private volatile RawConnection connection;

        Client(String id, Set<String> failures) {
            this.id = id;
            this.failures = failures;
        }

        void pollThrough(int proxyPort) {
            while (!stopped) {
                boolean kept = connection != null;
                if (!kept) {
                    connection = RawConnection.open(proxyPort);
                }
                var answer = connection.get("poll/" + id + POLL_TIMEOUT, ANSWER_LIMIT);
                if (answer == null) { // cut
                    connection.close();
                    connection = null;
                    continue;
                }
                answers.incrementAndGet();
                if (kept) {
                    answersOnAKeptConnection.incrementAndGet();
                }
                if (answer.status() == 200) {
                    var values = Json.fromJson(answer.body(), Integer[].class);
                    synchronized (received) {
                        received.addAll(List.of(values));
                    }
                } else if (answer.status() != 204) {
                    failures.add(id + ": " + answer);
                }
                if (answer.closing()) {
                    connection.close();
                    connection = null;
                }
            }
        }

        void stop() {
            stopped = true;
            var last = connection;
            if (last != null) {
                last.close();
            }
        }

        /** Sends {@code message} to this client, straight to the node. */
        void send(Api api, int message) {
            synchronized (sent) {
                sent.add(message);
            }
            var answer = api.send(id, String.valueOf(message));
            assertEquals(200, answer.statusCode(), answer.body());
        }

        List<Integer> sent() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        List<Integer> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        int lost() {
            var missing = new TreeSet<>(sent());
            missing.removeAll(received());
            return missing.size();
        }

        int duplicated() {
            var all = received();
            return all.size() - (int) all.stream().distinct().count();
        }

        String missing() {
            var missing = new TreeSet<>(sent());
            missing.removeAll(received());
            return id + " lost " + missing;
        }
    }
}

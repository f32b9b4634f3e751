package longpoll;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the run command's AOT cache is trained under: for a short while, the work of a node in
 * use, so that the cache holds the classes and method profiles of sends, waiting and answered
 * polls in both modes, batches and the stats, and not only those of a bare start. Its clients
 * ({@value #CLIENT_PREFIX}0, 1, ...) empty their own queues as they go, so a configured Redis
 * keeps none of their messages once the training ends (the acknowledging ones leave their
 * hand-out counts, which expire as any client's do).
 */
final class TrainingLoad {

    static final String CLIENT_PREFIX = "aot-training-";
    private static final int CLIENTS = 200;
    private static final int SENDERS = 8;
    private static final int BATCH_EVERY = 20;
    private static final int BATCH_SIZE = 10;
    private static final Duration SEND_PAUSE = Duration.ofMillis(5);
    private static final Duration LOOK_PAUSE = Duration.ofMillis(200);
    private static final Duration REFUSED_PAUSE = Duration.ofMillis(500);
    /** A poll's own timeout, in seconds: well within the training, so that some end in a 204 too. */
    private static final String POLL_TIMEOUT = "2";

    private final URI base;
    private final long end;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TrainingLoad(URI base, Duration length) {
        this.base = base;
        this.end = System.nanoTime() + length.toNanos();
    }

    /** Runs the load against the node at {@code base} for {@code length}, and returns when it has ended. */
    static void run(URI base, Duration length) {
        var load = new TrainingLoad(base, length);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                String client = CLIENT_PREFIX + i;
                boolean acknowledging = i % 2 == 1;
                threads.execute(() -> load.poll(client, acknowledging));
            }
            for (int i = 0; i < SENDERS; i++) {
                threads.execute(load::send);
            }
            threads.execute(load::look);
        }
    }

    private boolean going() {
        return System.nanoTime() < end;
    }

    /** A client that polls again at once, acknowledging what it got when {@code acknowledging}. */
    private void poll(String client, boolean acknowledging) {
        String lastId = "";
        while (going()) {
            String query = "?timeout=" + POLL_TIMEOUT + (acknowledging ? "&ack=" + lastId : "");
            var answer = exchange(HttpRequest.newBuilder(base.resolve("poll/" + client + query)));
            if (answer == null || answer.statusCode() != 200 && answer.statusCode() != 204) {
                sleep(REFUSED_PAUSE); // a node without its Redis refuses at once: no storm of polls
            } else if (answer.statusCode() == 200 && acknowledging) {
                lastId = lastId(answer.body(), lastId);
            }
        }
        // A last poll takes what came after its client's poll before, and acknowledges it.
        exchange(HttpRequest.newBuilder(
                base.resolve("poll/" + client + "?timeout=0.1" + (acknowledging ? "&ack=" + lastId : ""))));
    }

    /** The id of the last message in an acknowledging client's answer ({@code [{"id": ..., "message": ...}]}). */
    private static String lastId(String body, String before) {
        int key = body.lastIndexOf("\"id\"");
        if (key < 0) {
            return before;
        }
        int start = body.indexOf('"', body.indexOf(':', key)) + 1;
        return body.substring(start, body.indexOf('"', start));
    }

    private void send() {
        var random = ThreadLocalRandom.current();
        for (long n = 0; going(); n++) {
            if (n % BATCH_EVERY == 0) {
                var messages = new ArrayList<String>();
                for (int i = 0; i < BATCH_SIZE; i++) {
                    messages.add(message(random.nextInt(CLIENTS), n));
                }
                post("poll/send/batch", "[" + String.join(",", messages) + "]");
            } else {
                post("poll/send", message(random.nextInt(CLIENTS), n));
            }
            sleep(SEND_PAUSE);
        }
    }

    private static String message(int client, long n) {
        return "{\"to\": \"" + CLIENT_PREFIX + client + "\", \"message\": {\"n\": " + n + ", \"text\": \"training\"}}";
    }

    private void post(String path, String body) {
        exchange(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    }

    /** What an operator and a balancer read: the stats, the readiness check and the page. */
    private void look() {
        List<String> paths = List.of("stats", "stats/prometheus", "health/ready", "");
        for (int n = 0; going(); n++) {
            exchange(HttpRequest.newBuilder(base.resolve(paths.get(n % paths.size()))));
            sleep(LOOK_PAUSE);
        }
    }

    /** The answer, or null when there was none: a starting or struggling node's refusal only slows the training. */
    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

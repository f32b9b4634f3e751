package longpoll.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under the message figures: CORS preflights, which the API's JAX-RS filter answers
 * itself (no resource method, no Redis), sent over keep-alive connections as fast as they go.
 * What one costs the server is the least an exchange with Payara's HTTP and JAX-RS stack costs
 * on this machine; every delivered message takes two exchanges (its send and its client's next
 * poll) and the answer to the waiting poll.
 */
final class Preflights {

    /** Allowed by default ({@code longpoll.cors.allowed-origins}), so the filter answers 204. */
    private static final String ORIGIN = "http://localhost:5173";

    private static final String TARGET = "/poll/send";
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    /** Preflights answered 204, and exchanges that failed or were answered otherwise. */
    record Count(long answered, long failed) {}

    private Preflights() {}

    static Count send(URI server, int connections, Duration duration) throws InterruptedException {
        var answered = new LongAdder();
        var failed = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        try (var loops = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                loops.submit(() -> {
                    try (var connection = new Http1Connection(server, REQUEST_LIMIT)) {
                        while (System.nanoTime() < end) {
                            try {
                                (connection.preflight(TARGET, ORIGIN).status() == 204 ? answered : failed).increment();
                            } catch (IOException e) {
                                failed.increment();
                            }
                        }
                    }
                });
            }
        }
        return new Count(answered.sum(), failed.sum());
    }
}

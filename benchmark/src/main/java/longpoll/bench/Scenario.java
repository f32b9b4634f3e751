package longpoll.bench;

import java.time.Duration;
import java.util.List;

/**
 * A benchmark preset: how many clients poll, how fast messages are sent to them and for how
 * long. A rate of 0 means "as fast as the senders go".
 *
 * @param senders concurrent senders when the rate is 0 (each sends its next message as soon as the last is answered)
 * @param batch   messages per send when the rate is 0: 1 sends each with {@code POST /poll/send},
 *                more sends them in batches with {@code POST /poll/send/batch}
 * @param warmUp  how long the server is exercised before anything is measured, so that its JIT has
 *                compiled the hot paths (a cold Payara spends most of its CPU compiling for minutes)
 */
record Scenario(
        String name, int clients, int messagesPerSecond, int senders, int batch, Duration duration, Duration warmUp) {

    /**
     * With 5,000 clients, 90 s still left the JIT compiling a third of a core away two minutes
     * into the measured run; after four minutes it is done.
     */
    static final Duration WARM_UP = Duration.ofSeconds(240);

    static final List<Scenario> PRESETS = List.of(
            new Scenario("ci", 1_000, 200, 0, 1, Duration.ofSeconds(10), Duration.ofSeconds(10)),
            new Scenario("hold", 9_500, 0, 0, 1, Duration.ZERO, WARM_UP),
            new Scenario("latency", 5_000, 2_000, 0, 1, Duration.ofSeconds(60), WARM_UP),
            new Scenario("throughput", 200, 0, 64, 1, Duration.ofSeconds(30), WARM_UP),
            new Scenario("throughput-batch", 200, 0, 64, 50, Duration.ofSeconds(30), WARM_UP),
            new Scenario("soak", 5_000, 500, 0, 1, Duration.ofMinutes(10), WARM_UP),
            // Measured from the server's start: no warm-up (ColdStart).
            new Scenario("cold", 5_000, 1_000, 0, 1, Duration.ofSeconds(120), Duration.ZERO));

    /** A preset, with any of its figures replaced by {@code -Dbench.clients=, .rate=, .senders=, .batch=, .seconds=, .warmup=}. */
    static Scenario named(String name) {
        Scenario preset = PRESETS.stream()
                .filter(s -> s.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No preset " + name + "; presets: "
                        + PRESETS.stream().map(Scenario::name).toList() + ", curve, floor, chart"));
        return new Scenario(
                name,
                Integer.getInteger("bench.clients", preset.clients),
                Integer.getInteger("bench.rate", preset.messagesPerSecond),
                Integer.getInteger("bench.senders", preset.senders),
                Integer.getInteger("bench.batch", preset.batch),
                Duration.ofSeconds(Long.getLong("bench.seconds", preset.duration.toSeconds())),
                Duration.ofSeconds(Long.getLong("bench.warmup", preset.warmUp.toSeconds())));
    }

    boolean holdsOnly() {
        return duration.isZero();
    }
}

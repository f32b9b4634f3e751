package longpoll.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark behind {@code ./mvnw -f benchmark/pom.xml -Dbench.preset=<preset>}: starts a
 * redis-server and the WAR the root build made on Payara Micro (configured by payara-config, as
 * the run command does), runs one {@link Scenario} against them, and prints its figures with the
 * machine they were measured on. Each run also adds a row to {@code target/bench/results.csv} (in
 * the benchmark's project); {@code -Dbench.preset=chart} draws those into
 * {@code target/bench/benchmark.png}. The {@code cold} preset measures a server from its start
 * instead ({@link ColdStart}).
 *
 * <p>{@code -Dbench.url=http://host:port} drives a server that is already running instead (its
 * memory, threads and open files are then not read).
 */
public final class Benchmark {

    static final Path OUTPUT = Path.of("target", "bench");
    private static final int OPEN_PER_SECOND = 500;
    private static final Duration SETTLE = Duration.ofSeconds(3);
    static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int MEMORY_SAMPLE_EVERY = 500;
    private static final int HOLD_SENDERS = 64;
    private static final int WARM_UP_CLIENTS = 200;
    private static final int WARM_UP_RATE = 400;
    /** The warm-up's polls are short, so that they are gone from the server soon after it. */
    private static final String WARM_UP_POLL = "/poll/{client}?timeout=2";

    private static final Duration WARM_UP_LEFTOVERS = Duration.ofSeconds(3);
    private static final List<Integer> CURVE_RATES = List.of(250, 500, 750, 1_000, 1_250, 1_500, 2_000);
    private static final Duration CURVE_STEP = Duration.ofSeconds(15);
    /** As many as the server has HTTP workers (payara-config), so that each has one to answer. */
    private static final int FLOOR_CONNECTIONS = 16;

    private static final Duration FLOOR_WARM_UP = Duration.ofSeconds(60);
    private static final Duration FLOOR_DURATION = Duration.ofSeconds(30);
    /** {@code -Dbench.profile=true}: a Flight Recorder profile of the server's measured run, in target/bench/server.jfr. */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    /**
     * {@code -Dbench.server-jvm="..."}: JVM options for the server, e.g. another garbage collector;
     * read before payara-config/jvm-dedicated.options, whose heap size they can't change.
     */
    private static final String SERVER_JVM = System.getProperty("bench.server-jvm", "");

    public static void main(String[] args) throws Exception {
        String preset = System.getProperty("bench.preset", "ci");
        Files.createDirectories(OUTPUT);
        if (preset.equals("chart")) {
            Chart.draw(
                    OUTPUT.resolve("results.csv"), OUTPUT.resolve("hold-memory.csv"), OUTPUT.resolve("benchmark.png"));
            return;
        }
        Load.Result result = measure(preset);
        String failure = result == null ? null : failureOf(result, preset.equals("cold"));
        if (failure != null) {
            System.err.println("The benchmark failed: " + failure);
        }
        System.exit(failure == null ? 0 : 1);
    }

    /**
     * What went wrong in a run, for CI's short preset as for the long ones: a benchmark that
     * loses, duplicates or fails requests measures nothing worth quoting.
     *
     * @return null when every message sent was answered 200 and received once, with its latency
     */
    static String failureOf(Load.Result result) {
        return failureOf(result, false);
    }

    /**
     * @param refusalsAllowed a server that starts under load refuses connections and may answer
     *     503 until it is up, and its first sends may fail: what it accepted must still arrive once
     */
    static String failureOf(Load.Result result, boolean refusalsAllowed) {
        if (result.sentOk() == 0) {
            return "nothing was sent";
        }
        if (!refusalsAllowed && (result.sent() != result.sentOk() || result.errors() > 0)) {
            return (result.sent() - result.sentOk()) + " sends not answered 200, failed requests: "
                    + result.errorsByKind();
        }
        if (result.lost() > 0 || result.duplicated() > 0 || result.received() < result.sentOk()) {
            return result.lost() + " lost, " + result.duplicated() + " duplicated, " + result.received()
                    + " received of " + result.sentOk();
        }
        if (result.latencyMicros().getTotalCount() != result.received()) {
            return "a latency missing for some messages";
        }
        return null;
    }

    /**
     * Runs a preset against a server of its own (or the one {@code -Dbench.url} names), prints
     * its figures and adds them to results.csv.
     *
     * @return the figures of its run (of its last run, for the curve; none for the floor)
     */
    static Load.Result measure(String preset) throws Exception {
        System.out.println(Machine.describe());
        String url = System.getProperty("bench.url", "");
        boolean cold = preset.equals("cold");
        if (!url.isEmpty()) {
            if (cold) {
                throw new IllegalArgumentException("The cold preset measures a server from its start: no -Dbench.url");
            }
            return run(preset, url, 0, 0);
        }
        var redis = new RedisProcess(freePort());
        int port = freePort();
        var settings = new HashMap<>(Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + redis.port()));
        if (!SERVER_JVM.isBlank()) {
            settings.put("JDK_JAVA_OPTIONS", SERVER_JVM); // read by the java launcher of the server only
        }
        if (cold) {
            try {
                redis.start();
                return ColdStart.run(redis, port, settings);
            } finally {
                redis.stop();
            }
        }
        // Before anything starts: it refuses a missing WAR, which would leave redis-server running.
        var server = new PayaraMicroProcess(port, settings, OUTPUT.resolve("server.log"));
        try {
            redis.start();
            server.startAndAwaitReady();
            return run(preset, "http://127.0.0.1:" + port, server.pid(), redis.pid());
        } finally {
            server.terminate();
            redis.stop();
        }
    }

    private static Load.Result run(String preset, String url, long pid, long redisPid) throws Exception {
        if (preset.equals("curve")) {
            return curve(url, pid, redisPid);
        }
        if (preset.equals("floor")) {
            floor(URI.create(url), pid, redisPid);
            return null;
        }
        var scenario = Scenario.named(preset);
        warmUp(url, scenario.warmUp());
        try (var load = new Load(url + "/poll/{client}", url + "/poll/send")) {
            long idleLive = Jcmd.liveHeapBytes(pid); // first: its full collection also shrinks the heap
            ServerStats idle = ServerStats.of(pid);
            var memory = new ArrayList<List<Long>>();
            openPolls(load, scenario.clients(), pid, memory);
            ServerStats held = settle(load, scenario.clients(), pid);
            long livePerPoll = (Jcmd.liveHeapBytes(pid) - idleLive) / scenario.clients();
            CpuUse start = CpuUse.now(pid, redisPid);
            if (PROFILE) {
                Jcmd.startProfile(pid);
            }
            if (scenario.holdsOnly()) {
                CsvFiles.write(OUTPUT.resolve("hold-memory.csv"), CsvFiles.HOLD_MEMORY, memory);
                load.sendOneToEach(HOLD_SENDERS, Duration.ofSeconds(60));
            } else if (scenario.messagesPerSecond() > 0) {
                load.sendAtRate(scenario.messagesPerSecond(), scenario.duration());
            } else {
                load.sendAsFastAsPossible(scenario.senders(), scenario.batch(), scenario.duration());
            }
            load.drain(DRAIN);
            if (PROFILE) {
                Jcmd.stopProfile(pid, OUTPUT.resolve("server.jfr"));
            }
            Load.Result result = load.result();
            report(
                    scenario,
                    result,
                    CpuUse.now(pid, redisPid).since(start),
                    idle,
                    held,
                    livePerPoll,
                    ServerStats.of(pid),
                    Jcmd.heap(pid));
            return result;
        }
    }

    /**
     * A freshly started server is many times slower until its JIT has compiled the hot paths:
     * exercise it with clients of its own first, and measure only after they are gone.
     */
    static void warmUp(String url, Duration duration) throws InterruptedException {
        if (duration.isZero()) {
            return;
        }
        System.out.println("warming the server up for " + duration.toSeconds() + " s");
        try (var load = new Load(url + WARM_UP_POLL, url + "/poll/send")) {
            load.startPolling(0, WARM_UP_CLIENTS, OPEN_PER_SECOND);
            load.sendAtRate(WARM_UP_RATE, duration);
            load.drain(DRAIN);
            var result = load.result();
            System.out.printf(
                    "warm-up: %d sent, %d answered 200, %d received, %d failed requests%n",
                    result.sent(), result.sentOk(), result.received(), result.errors());
            // A cold server may refuse some requests (503), but nothing it accepted may go missing.
            if (result.lost() > 0 || result.duplicated() > 0) {
                throw new IllegalStateException("The server lost " + result.lost() + " and duplicated "
                        + result.duplicated() + " messages while warming up");
            }
        }
        Thread.sleep(WARM_UP_LEFTOVERS);
    }

    /** Latency against load: one server, 5,000 clients, rising rates. */
    private static Load.Result curve(String url, long pid, long redisPid) throws Exception {
        int clients = 5_000;
        Load.Result result = null;
        warmUp(url, Duration.ofSeconds(Long.getLong("bench.warmup", Scenario.WARM_UP.toSeconds())));
        for (int rate : CURVE_RATES) {
            try (var load = new Load(url + "/poll/{client}", url + "/poll/send")) {
                ServerStats idle = ServerStats.of(pid);
                openPolls(load, clients, pid, new ArrayList<>());
                ServerStats held = settle(load, clients, pid);
                CpuUse start = CpuUse.now(pid, redisPid);
                load.sendAtRate(rate, CURVE_STEP);
                load.drain(DRAIN);
                result = load.result();
                report(
                        new Scenario("curve", clients, rate, 0, 1, CURVE_STEP, Duration.ZERO),
                        result,
                        CpuUse.now(pid, redisPid).since(start),
                        idle,
                        held,
                        0,
                        ServerStats.of(pid),
                        Jcmd.heap(pid));
            }
            Thread.sleep(Duration.ofSeconds(35)); // the closed clients' polls time out on the server
        }
        return result;
    }

    /**
     * What the cheapest exchange costs the server ({@link Preflights}), with
     * {@code -Dbench.senders=} connections (16), {@code .warmup=} (60) and {@code .seconds=} (30).
     * Not a row of results.csv, whose rows are messages.
     */
    private static void floor(URI server, long pid, long redisPid) throws InterruptedException {
        int connections = Integer.getInteger("bench.senders", FLOOR_CONNECTIONS);
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", FLOOR_WARM_UP.toSeconds()));
        Duration duration = Duration.ofSeconds(Long.getLong("bench.seconds", FLOOR_DURATION.toSeconds()));
        System.out.println("warming the server up for " + warmUp.toSeconds() + " s");
        Preflights.send(server, connections, warmUp);
        CpuUse start = CpuUse.now(pid, redisPid);
        Preflights.Count count = Preflights.send(server, connections, duration);
        CpuUse cpu = CpuUse.now(pid, redisPid).since(start);
        System.out.println("\n"
                + String.join(
                        "\n",
                        "preset                 floor",
                        "connections            " + connections + ", CORS preflights as fast as they go, for "
                                + duration.toSeconds() + " s",
                        String.format(
                                "answered 204           %d (%.0f a second), %d failed",
                                count.answered(), count.answered() / (double) duration.toSeconds(), count.failed()),
                        "CPU per request        " + cpu.per(count.answered()),
                        "server's, by thread    " + cpu.serverThreads().per(count.answered()))
                + "\n");
    }

    /** @param memory gets the server's RSS (KiB) by waiting polls, sampled as they open */
    private static void openPolls(Load load, int clients, long pid, List<List<Long>> memory)
            throws InterruptedException {
        memory.add(List.of(0L, ServerStats.of(pid).rssKib()));
        for (int opened = 0; opened < clients; opened += MEMORY_SAMPLE_EVERY) {
            int batch = Math.min(MEMORY_SAMPLE_EVERY, clients - opened);
            load.startPolling(opened, batch, OPEN_PER_SECOND);
            Thread.sleep(Duration.ofMillis(500));
            memory.add(List.of((long) opened + batch, ServerStats.of(pid).rssKib()));
        }
    }

    /** Waits until every poll is out and the server's open files stop growing. */
    private static ServerStats settle(Load load, int clients, long pid) throws InterruptedException {
        ServerStats last = ServerStats.of(pid);
        for (int stable = 0; stable < 3 || load.outstandingPolls() < clients; ) {
            Thread.sleep(SETTLE.dividedBy(3));
            ServerStats now = ServerStats.of(pid);
            stable = now.openFiles() == last.openFiles() ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    static void report(
            Scenario scenario,
            Load.Result result,
            CpuUse cpu,
            ServerStats idle,
            ServerStats held,
            long livePerPollBytes,
            ServerStats end,
            String heap)
            throws IOException {
        var latency = result.latencyMicros();
        double seconds = scenario.holdsOnly() ? 0 : scenario.duration().toMillis() / 1000.0;
        long perPollBytes = idle.rssKib() == 0 ? 0 : (held.rssKib() - idle.rssKib()) * 1024 / scenario.clients();
        String table = String.join(
                "\n",
                "preset                 " + scenario.name(),
                "clients                " + scenario.clients(),
                "rate                   "
                        + (scenario.messagesPerSecond() > 0
                                ? scenario.messagesPerSecond() + " msg/s"
                                : scenario.holdsOnly()
                                        ? "one message to each client"
                                        : scenario.senders() + " senders, as fast as they go"
                                                + (scenario.batch() > 1 ? ", in batches of " + scenario.batch() : "")),
                "held polls             " + scenario.clients() + " (errors " + result.errors()
                        + (result.errors() > 0 ? ": " + result.errorsByKind() : "") + ")",
                "sent / answered 200    " + result.sent() + " / " + result.sentOk(),
                "received               " + result.received()
                        + (seconds > 0 ? String.format(" (%.0f msg/s)", result.perSecond()) : ""),
                "lost / duplicated      " + result.lost() + " / " + result.duplicated(),
                "polls answered 204     " + result.timeouts(),
                "CPU per message        " + cpu.per(result.received()),
                "server's, by thread    " + cpu.serverThreads().per(result.received()),
                String.format(
                        "latency ms             p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                        ms(latency.getValueAtPercentile(50)),
                        ms(latency.getValueAtPercentile(90)),
                        ms(latency.getValueAtPercentile(99)),
                        ms(latency.getValueAtPercentile(99.9)),
                        ms(latency.getMaxValue())),
                "server idle            " + describe(idle),
                "server holding polls   " + describe(held)
                        + (perPollBytes > 0 ? "  = " + perPollBytes / 1024 + " KiB RSS per waiting poll" : ""),
                "live heap per poll     "
                        + (livePerPollBytes > 0
                                ? livePerPollBytes / 1024 + " KiB (after a full collection)"
                                : "(not read)"),
                "server at the end      " + describe(end),
                "server heap            " + heap);
        System.out.println("\n" + table + "\n");
        CsvFiles.append(
                OUTPUT.resolve("results.csv"),
                CsvFiles.RESULTS,
                List.of(
                        LocalDate.now(),
                        scenario.name(),
                        scenario.clients(),
                        scenario.messagesPerSecond(),
                        seconds,
                        result.sentOk(),
                        result.received(),
                        decimals(0, seconds > 0 ? result.perSecond() : 0.0),
                        result.lost(),
                        result.duplicated(),
                        result.errors(),
                        decimals(3, ms(latency.getValueAtPercentile(50))),
                        decimals(3, ms(latency.getValueAtPercentile(90))),
                        decimals(3, ms(latency.getValueAtPercentile(99))),
                        decimals(3, ms(latency.getValueAtPercentile(99.9))),
                        decimals(3, ms(latency.getMaxValue())),
                        idle.rssKib(),
                        held.rssKib(),
                        end.rssKib(),
                        held.threads(),
                        held.openFiles(),
                        perPollBytes,
                        livePerPollBytes,
                        decimals(3, cpu.serverMillisPer(result.received()))));
    }

    private static String describe(ServerStats stats) {
        return stats.rssKib() == 0
                ? "(not read)"
                : String.format(
                        "RSS %d MiB, %d threads, %d open files",
                        stats.rssKib() / 1024, stats.threads(), stats.openFiles());
    }

    /** A figure for results.csv: a decimal point whatever the machine's locale, which readers parse. */
    static String decimals(int places, double value) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

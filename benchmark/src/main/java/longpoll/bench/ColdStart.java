package longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The {@code cold} preset: how soon a server started under load keeps up. Its clients poll from
 * the moment its process starts, retrying while it refuses them; messages are sent from the
 * moment it first answers, since a send before that only fails, and that moment is reported as
 * time from the process's start. The run is then told by {@link Windows} of 5 seconds. Requests
 * refused while the server starts do not fail the run; a message lost or duplicated does.
 *
 * <p>{@code -Dbench.aot=true} first trains a JDK AOT cache ({@code -XX:AOTCacheOutput}) on a
 * server under the warm-up's load for {@code -Dbench.aot-training=} seconds, and starts the
 * measured server from it; {@code -Dbench.aot-cache=<file>} starts it from that cache instead,
 * e.g. the run command's ({@code target/aot/}). With or without, Payara Micro runs in the same,
 * emptied root directory, so that the runs differ only by the cache.
 */
final class ColdStart {

    private static final boolean AOT = Boolean.getBoolean("bench.aot");
    private static final Duration TRAINING = Duration.ofSeconds(Long.getLong("bench.aot-training", 60));
    private static final String GIVEN_CACHE = System.getProperty("bench.aot-cache", "");
    private static final Path CACHE = GIVEN_CACHE.isBlank()
            ? Benchmark.OUTPUT.resolve("payara.aot").toAbsolutePath()
            : Path.of(GIVEN_CACHE).toAbsolutePath();
    /** Whether the measured server starts from a cache, trained here or given. */
    private static final boolean FROM_CACHE = AOT || !GIVEN_CACHE.isBlank();
    /** The JVM writes the cache as it exits, in a process of its own, which takes far longer than a stop. */
    private static final Duration CACHE_WRITTEN_WITHIN = Duration.ofMinutes(5);

    private static final Duration FIRST_MINUTE = Duration.ofSeconds(60);

    private ColdStart() {}

    /**
     * Runs the preset on servers of its own, using {@code redis}, the measured one on {@code port}.
     *
     * @return the figures of the measured run
     */
    static Load.Result run(RedisProcess redis, int port, Map<String, String> settings) throws Exception {
        Scenario cold = Scenario.named("cold");
        var scenario = new Scenario(
                FROM_CACHE ? "cold-aot" : "cold",
                cold.clients(),
                cold.messagesPerSecond(),
                0,
                1,
                cold.duration(),
                Duration.ZERO);
        List<String> jvmOptions = List.of();
        String start = "without an AOT cache";
        if (FROM_CACHE) {
            if (GIVEN_CACHE.isBlank()) {
                train(settings);
            }
            // "on": a cache the JVM cannot use stops the start, rather than leave it unnoticed.
            jvmOptions = List.of("-XX:AOTCache=" + CACHE, "-XX:AOTMode=on");
            start = String.format(
                    "from the AOT cache %s (%d MiB, %s)",
                    CACHE,
                    Files.size(CACHE) >> 20,
                    GIVEN_CACHE.isBlank() ? "trained for " + TRAINING.toSeconds() + " s" : "given");
        }
        String url = "http://127.0.0.1:" + port;
        var server =
                new PayaraMicroProcess(port, settings, Benchmark.OUTPUT.resolve("server.log"), jvmOptions, List.of());
        System.out.println("starting the server cold, " + start + ", with " + scenario.clients() + " clients");
        try (var load = new Load(url + "/poll/{client}", url + "/poll/send")) {
            long ownCpu = ServerStats.of(ProcessHandle.current().pid()).cpuMillis();
            long launched = System.nanoTime();
            server.start();
            try {
                load.startPolling(0, scenario.clients(), Integer.MAX_VALUE); // all at once
                server.awaitReady();
                ownCpu = ServerStats.of(ProcessHandle.current().pid()).cpuMillis() - ownCpu;
                CpuUse cpu = CpuUse.now(server.pid(), redis.pid());
                var windows = new Windows(System.nanoTime(), scenario.duration());
                load.sendAtRate(scenario.messagesPerSecond(), scenario.duration(), windows);
                load.drain(Benchmark.DRAIN);
                Load.Result result = load.result();
                ServerStats notRead = ServerStats.of(0);
                Benchmark.report(
                        scenario,
                        result,
                        CpuUse.now(server.pid(), redis.pid()).since(cpu),
                        notRead,
                        notRead,
                        0,
                        ServerStats.of(server.pid()),
                        Jcmd.heap(server.pid()));
                report(scenario, start, Duration.ofNanos(windows.start() - launched), ownCpu, windows);
                return result;
            } finally {
                server.terminate();
            }
        }
    }

    /**
     * Runs a server that records the cache under the warm-up's load, and stops it as a node is
     * stopped: its JVM writes the cache as it exits.
     */
    private static void train(Map<String, String> settings) throws Exception {
        Files.deleteIfExists(CACHE); // a failed training must not leave an older cache to be measured
        int port = Benchmark.freePort();
        Path log = Benchmark.OUTPUT.resolve("training.log");
        var server = new PayaraMicroProcess(port, settings, log, List.of("-XX:AOTCacheOutput=" + CACHE), List.of());
        System.out.println("training the AOT cache " + CACHE);
        try {
            server.startAndAwaitReady();
            Benchmark.warmUp("http://127.0.0.1:" + port, TRAINING);
        } finally {
            long stopping = System.nanoTime();
            server.terminate(CACHE_WRITTEN_WITHIN);
            System.out.printf("the training server ended %.1f s after SIGTERM%n", (System.nanoTime() - stopping) / 1e9);
        }
        if (!Files.isRegularFile(CACHE) || Files.size(CACHE) == 0) {
            throw new IllegalStateException("The training wrote no AOT cache " + CACHE + "; its log: " + log);
        }
    }

    private static void report(
            Scenario scenario, String start, Duration firstAnswer, long ownCpuMillis, Windows windows)
            throws IOException {
        List<Windows.Window> all = windows.windows();
        Optional<Duration> steady = Windows.steadyAfter(all);
        Duration first = scenario.duration().compareTo(FIRST_MINUTE) < 0 ? scenario.duration() : FIRST_MINUTE;
        Histogram firstLatencies = windows.latencyMicrosOfFirst(first);
        var table = new StringBuilder(String.join(
                "\n",
                "cold start             " + start + ", in Payara Micro's --rootdir " + PayaraMicroProcess.ROOT_DIR,
                String.format(
                        "first answer           %.1f s after the server's process started: the clients polled from"
                                + " that start, the sending started at this answer",
                        seconds(firstAnswer)),
                String.format("load generator's CPU   %.1f s until then", ownCpuMillis / 1000.0),
                "steady state           "
                        + steady.map(after -> String.format(
                                        "%d s after the first answer (%.1f s after the process started): every"
                                                + " window since delivered %.0f %% of what it offered or more",
                                        after.toSeconds(), seconds(firstAnswer.plus(after)), Windows.KEEPING_UP * 100))
                                .orElse(String.format(
                                        "not reached: the last window delivered less than %.0f %% of what it offered",
                                        Windows.KEEPING_UP * 100)),
                String.format(
                        "p99, first %d s        %.2f ms (of the messages due then)",
                        first.toSeconds(), Benchmark.ms(firstLatencies.getValueAtPercentile(99))),
                "received after the end " + windows.deliveredAfterTheEnd(),
                "",
                "Windows of 5 s: offered = due in the window, delivered = received in it, latencies of those due in it",
                "window (s)  since start (s)  offered  delivered      %     p50 ms     p99 ms"));
        var rows = new ArrayList<List<Object>>();
        for (Windows.Window window : all) {
            double from = seconds(window.start());
            double sinceStart = seconds(firstAnswer.plus(window.start()));
            double p50 = Benchmark.ms(window.latencyMicros().getValueAtPercentile(50));
            double p99 = Benchmark.ms(window.latencyMicros().getValueAtPercentile(99));
            table.append(String.format(
                    "%n%4.0f-%-4.0f   %6.1f-%-6.1f  %7d  %9d  %5.1f  %9.2f  %9.2f",
                    from,
                    from + Windows.WIDTH.toSeconds(),
                    sinceStart,
                    sinceStart + Windows.WIDTH.toSeconds(),
                    window.offered(),
                    window.delivered(),
                    window.deliveredPercent(),
                    p50,
                    p99));
            rows.add(List.of(
                    Benchmark.decimals(0, from),
                    Benchmark.decimals(1, sinceStart),
                    window.offered(),
                    window.delivered(),
                    Benchmark.decimals(1, window.deliveredPercent()),
                    Benchmark.decimals(3, p50),
                    Benchmark.decimals(3, p99)));
        }
        System.out.println(table + "\n");
        CsvFiles.write(Benchmark.OUTPUT.resolve(scenario.name() + "-windows.csv"), CsvFiles.COLD_WINDOWS, rows);
    }

    /** Payara Micro unpacks itself anew into its root directory: what a previous start left there goes first. */
    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}

package longpoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.RedisProcess;

/**
 * What {@code ./mvnw -Prun} starts: the built WAR on Payara Micro at http://localhost:8080/, with
 * {@code payara-config}. It uses the Redis at {@code LONGPOLL_REDIS_URL}, or the one on
 * localhost:6379, or else starts a redis-server there (from the embedded-redis artifact). Ctrl-C
 * stops both.
 *
 * <p>On JDK 25 and later it starts from an {@link AotCache}, which the first start on a JDK and
 * Payara Micro jar trains under a short load ({@link TrainingLoad}).
 */
public final class LocalServer {

    private static final int REDIS_PORT = 6379;
    private static final int HTTP_PORT = 8080;
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    /** How long the training start serves its load. */
    private static final Duration TRAINING_LOAD = Duration.ofSeconds(20);
    /** From the end of the load: far above the half minute its JVM takes to write the cache on 2 busy cores. */
    private static final Duration TRAINING_WITHIN = Duration.ofMinutes(5);

    private final Path microJar;
    private final Path war;
    private final Path payaraConfig;
    /** The AOT cache and the log of its training. */
    private final Path cacheDir;
    /** Payara Micro's runtime directory, beside the WAR (see {@link PayaraMicroProcess}). */
    private final Path rootDir;

    private final AtomicReference<PayaraMicroProcess> running = new AtomicReference<>();

    private LocalServer(Path microJar, Path war, Path payaraConfig, Path cacheDir) {
        this.microJar = microJar;
        this.war = war;
        this.payaraConfig = payaraConfig;
        this.cacheDir = cacheDir;
        this.rootDir = war.resolveSibling("payara-root");
    }

    public static void main(String[] args) throws Exception {
        if (answers("localhost", HTTP_PORT)) {
            System.err.println("longpoll: port " + HTTP_PORT + " is already in use: is longpoll running already?");
            System.exit(1);
        }
        RedisProcess redis = null;
        String redisUrl = System.getenv("LONGPOLL_REDIS_URL");
        if (redisUrl != null) {
            System.out.println("longpoll: using the Redis at " + redisUrl);
        } else if (answers("localhost", REDIS_PORT)) {
            System.out.println("longpoll: using the Redis on localhost:" + REDIS_PORT);
        } else {
            redis = RedisProcess.inMemory(REDIS_PORT);
            redis.start();
            System.out.println(
                    "longpoll: no Redis configured and none on localhost:" + REDIS_PORT
                            + ": started an embedded redis-server there (it stops with this server; messages are not persisted)");
        }

        var server = new LocalServer(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        RedisProcess started = redis;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            if (started != null) {
                started.stop();
            }
        }));
        System.exit(server.run());
    }

    /** Serves until Payara Micro exits, and returns its exit code. */
    private int run() throws IOException, InterruptedException {
        List<String> jvmOptions = List.of();
        Optional<AotCache> cache =
                AotCache.in(cacheDir, microJar, payaraConfig.resolve(PayaraMicroProcess.JVM_OPTIONS));
        if (cache.isPresent()) {
            if (!cache.get().exists()) {
                train(cache.get());
            }
            if (cache.get().exists()) {
                jvmOptions = cache.get().readOptions();
            }
        }
        return start(jvmOptions, ProcessBuilder.Redirect.INHERIT).waitFor();
    }

    /**
     * A start under a short load ({@link TrainingLoad}): Payara Micro starts and deploys the WAR,
     * serves the load, and stops; its JVM writes the cache as it exits. A cache trained on a bare
     * start ({@code --warmup}) would hold what a start loads, not what serving polls and sends
     * does. The start that follows goes on without a cache if the training fails.
     */
    private void train(AotCache cache) throws IOException, InterruptedException {
        Path log = cacheDir.resolve("training.log");
        System.out.println("longpoll: a first start on this JDK and Payara Micro: training the AOT cache that later"
                + " starts read under " + TRAINING_LOAD.toSeconds() + " s of load, about a minute (its log: " + log
                + ")");
        PayaraMicroProcess training = payara(cache.recordOptions(), ProcessBuilder.Redirect.to(log.toFile()));
        Process process = training.start();
        try {
            training.awaitReady();
            TrainingLoad.run(URI.create("http://127.0.0.1:" + HTTP_PORT + "/"), TRAINING_LOAD);
            process.destroy();
        } catch (IllegalStateException notReady) {
            System.out.println("longpoll: the training start did not become ready (see " + log + ")");
        }
        if (!process.waitFor(TRAINING_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            training.kill();
        }
        if (!cache.keepRecording()) {
            System.out.println("longpoll: the training made no AOT cache (see " + log + "): starting without one");
        }
    }

    private Process start(List<String> jvmOptions, ProcessBuilder.Redirect output) {
        return payara(jvmOptions, output).start();
    }

    private PayaraMicroProcess payara(List<String> jvmOptions, ProcessBuilder.Redirect output) {
        var payara = new PayaraMicroProcess(
                microJar, war, payaraConfig, rootDir, HTTP_PORT, jvmOptions, List.of(), Map.of(), output);
        running.set(payara);
        return payara;
    }

    private void stop() {
        PayaraMicroProcess payara = running.get();
        if (payara != null) {
            payara.terminate();
        }
    }

    private static boolean answers(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

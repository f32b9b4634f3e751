package longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server the benchmark measures: the built WAR on Payara Micro in a process of its own,
 * started as the run command starts it (payara-config, context root /) but on a dedicated node's
 * JVM options, {@code payara-config/jvm-dedicated.options}. The WAR, the Payara Micro jar and
 * payara-config come from the system properties {@code longpoll.war}, {@code payara.microJar}
 * and {@code payara.config} (benchmark/pom.xml points them at the root build's).
 */
final class PayaraMicroProcess {

    private static final String JVM_OPTIONS = "jvm-dedicated.options";
    /**
     * Payara Micro's runtime directory, as the run command gives it one: one in the temporary
     * directory is deleted as soon as SIGTERM comes, while the WAR still answers.
     */
    static final Path ROOT_DIR = Benchmark.OUTPUT.resolve("payara-root").toAbsolutePath();

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration STOP_WITHIN = Duration.ofMinutes(1);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    /**
     * @param environment the server's settings, e.g. {@code LONGPOLL_REDIS_URL}
     * @param log         where the server's console goes
     */
    PayaraMicroProcess(int port, Map<String, String> environment, Path log) {
        this(port, environment, log, List.of(), List.of());
    }

    /**
     * @param jvmOptions     after those of payara-config, e.g. {@code -XX:AOTCache=...}
     * @param payaraOptions  after those of the run command
     */
    PayaraMicroProcess(
            int port, Map<String, String> environment, Path log, List<String> jvmOptions, List<String> payaraOptions) {
        Path microJar = requiredFile("payara.microJar");
        Path war = requiredFile("longpoll.war");
        Path config = requiredFile("payara.config");
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("@" + config.resolve(JVM_OPTIONS));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                microJar.toString(),
                "--port",
                String.valueOf(port),
                "--deploy",
                war.toString(),
                "--contextroot",
                "/",
                "--nocluster",
                "--rootdir",
                ROOT_DIR.toString(),
                "--prebootcommandfile",
                config.resolve("pre-boot-commands.asadmin").toString(),
                "--postdeploycommandfile",
                config.resolve("post-deploy-commands.asadmin").toString(),
                "--systemproperties",
                config.resolve("system.properties").toString()));
        command.addAll(payaraOptions);
        this.command = List.copyOf(command);
        this.environment = environment;
        this.log = log;
        this.port = port;
    }

    /** The root build's output, which the benchmark does not make itself. */
    private static Path requiredFile(String property) {
        Path file = Path.of(System.getProperty(property, ""));
        if (!Files.exists(file)) {
            throw new IllegalStateException("No " + file.toAbsolutePath() + " (" + property
                    + "): build the WAR first, from the repository's root: ./mvnw package -DskipTests");
        }
        return file;
    }

    /**
     * Starts it and returns once the API answers: {@code 204} to a short poll, or {@code 503}
     * with {@code Retry-After} while its Redis is not up yet.
     */
    void startAndAwaitReady() throws InterruptedException {
        start();
        awaitReady();
    }

    /** Starts its process, and returns at once. */
    /**
     * Starts it in an empty runtime directory: Payara would first deploy the WAR that an earlier
     * server there left registered, and then this one again.
     */
    void start() {
        try {
            clear(ROOT_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Returns once the API answers, as {@link #startAndAwaitReady()} does. */
    void awaitReady() throws InterruptedException {
        // HTTP/1.1: a probe that timed out takes its connection with it, instead of leaving every
        // later probe queued behind it on one HTTP/2 connection.
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var probe = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/poll/readiness-probe?timeout=0.01"))
                .timeout(PROBE_LIMIT)
                .build();
        String lastAnswer = "none";
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                var answer = http.send(probe, BodyHandlers.ofString());
                if (isFromTheApi(answer)) {
                    return;
                }
                lastAnswer = answer.statusCode() + " " + answer.body();
            } catch (IOException notYet) {
                lastAnswer = notYet.toString();
            }
            Thread.sleep(RETRY_PAUSE);
        }
        throw new IllegalStateException("Payara Micro on port " + port + " did not become ready: "
                + (process.isAlive() ? "still running" : "exited with " + process.exitValue())
                + ", last answer to the probe: " + lastAnswer + "; its log: " + log.toAbsolutePath());
    }

    private static boolean isFromTheApi(HttpResponse<String> answer) {
        return switch (answer.statusCode()) {
            case 204 -> true;
            case 503 -> answer.headers().firstValue("Retry-After").isPresent();
            default -> false;
        };
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM: the server shuts down as on a normal stop, or is killed after a minute. */
    void terminate() throws InterruptedException {
        terminate(STOP_WITHIN);
    }

    /** SIGTERM, and a kill if it has not ended {@code within}. */
    void terminate(Duration within) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

package longpoll.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on Payara Micro in a process of its own, started exactly as the run command
 * starts it (same payara-config, context root /), so that it can be stopped with SIGTERM or
 * killed with SIGKILL, and started again.
 *
 * <p>Payara Micro's runtime directory is given ({@code --rootdir}): one it makes itself in the
 * temporary directory is deleted by a JVM shutdown hook as soon as SIGTERM comes, while the WAR
 * still answers during the server's shutdown grace (see payara-config/system.properties), and a
 * class it had not loaded yet would be gone.
 */
public final class PayaraMicroProcess implements ServerProcess {

    /** The JVM's options of the run command, the tests and the Docker image, in payara-config. */
    public static final String JVM_OPTIONS = "jvm.options";

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration STOP_WITHIN = Duration.ofMinutes(1);
    private static final long RETRY_MILLIS = 200;
    private static final int LOG_LINES_SHOWN = 40;

    private final List<String> command;
    private final Map<String, String> environment;
    private final ProcessBuilder.Redirect output;
    private final int port;
    private final Path rootDir;
    private Process process;

    /**
     * @param rootDir        Payara Micro's runtime directory; a server left there by a killed one is replaced
     * @param moreJvmOptions the JVM's options after payara-config's, e.g. the run command's AOT cache
     * @param moreOptions    Payara Micro's options after the WAR's, e.g. {@code --warmup} (deploy, then stop)
     * @param environment    the server's settings, e.g. {@code LONGPOLL_REDIS_URL}
     * @param output         where the server's console goes
     */
    public PayaraMicroProcess(
            Path microJar,
            Path war,
            Path payaraConfig,
            Path rootDir,
            int port,
            List<String> moreJvmOptions,
            List<String> moreOptions,
            Map<String, String> environment,
            ProcessBuilder.Redirect output) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "@" + payaraConfig.resolve(JVM_OPTIONS)));
        command.addAll(moreJvmOptions);
        command.addAll(List.of("-jar", microJar.toString(), "--port", String.valueOf(port)));
        command.addAll(options(war.toString(), payaraConfig.toString(), rootDir.toString()));
        command.addAll(moreOptions);
        this.command = List.copyOf(command);
        this.environment = environment;
        this.output = output;
        this.port = port;
        this.rootDir = rootDir;
    }

    /**
     * Payara Micro's options for the WAR, all but the port: the run command's, the fault runs' and
     * the Docker image's (DockerFilesTest holds the Dockerfile to them).
     */
    public static List<String> options(String war, String payaraConfig, String rootDir) {
        return List.of(
                "--deploy",
                war,
                "--contextroot",
                "/",
                "--nocluster",
                "--rootdir",
                rootDir,
                "--prebootcommandfile",
                payaraConfig + "/pre-boot-commands.asadmin",
                "--postdeploycommandfile",
                payaraConfig + "/post-deploy-commands.asadmin",
                "--systemproperties",
                payaraConfig + "/system.properties");
    }

    /** The JVM's options, an argument file of the java launcher: the run command's, and the Docker image's {@code JVM_ARGS}. */
    public static String jvmOptions(String payaraConfig) {
        return "@" + payaraConfig + "/" + JVM_OPTIONS;
    }

    /** The test build's server: paths from the system properties Failsafe sets (see pom.xml). */
    public static PayaraMicroProcess ofThisBuild(int port, Map<String, String> environment, Path log) {
        Path rootDir;
        try {
            rootDir = Files.createTempDirectory(log.getParent(), "payara-root-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PayaraMicroProcess(
                Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("longpoll.war")),
                Path.of(System.getProperty("payara.config")),
                rootDir,
                port,
                List.of(),
                List.of(),
                environment,
                ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /**
     * Starts it in an empty runtime directory: Payara would first deploy the WAR that an earlier
     * server there left registered, and then this one again.
     */
    @Override
    public Process start() {
        emptyRootDir();
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process;
    }

    private void emptyRootDir() {
        if (!Files.exists(rootDir)) {
            return;
        }
        try (var files = Files.walk(rootDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(rootDir)) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts it and returns once the API answers: {@code 204} to a short poll, {@code 401} with
     * poll tokens on, or {@code 503} with {@code Retry-After} while its Redis is not up yet.
     */
    @Override
    public void startAndAwaitReady() {
        start();
        awaitReady();
    }

    /** Returns once the API of the server {@link #start()} started answers, as {@link #startAndAwaitReady()}. */
    public void awaitReady() {
        // HTTP/1.1: a probe that timed out takes its connection with it. Upgraded to HTTP/2, the
        // client sends every probe over one connection, and once, on a node that had started,
        // every probe on it timed out for the three minutes.
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var probe = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/poll/readiness-probe?timeout=0.01"))
                .timeout(Duration.ofSeconds(5))
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
                lastAnswer = notYet.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.millis(RETRY_MILLIS);
        }
        throw new IllegalStateException("Payara Micro on port " + port + " did not become ready: "
                + (process.isAlive() ? "still running" : "exited with " + process.exitValue())
                + ", last answer to the probe: " + lastAnswer + ", the end of its log:\n" + endOfLog()
                + (process.isAlive() ? "\nits main thread:\n" + mainThread() : ""));
    }

    /** Where a server that hangs while starting waits: its main thread deploys, or waits for what does. */
    private String mainThread() {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            var dump = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int main = threads.indexOf("\n\"main\"");
            if (main < 0) {
                return threads;
            }
            int end = threads.indexOf("\n\n", main + 1);
            return threads.substring(main + 1, end < 0 ? threads.length() : end);
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static boolean isFromTheApi(HttpResponse<String> answer) {
        return switch (answer.statusCode()) {
            case 204, 401 -> true;
            case 503 -> answer.headers().firstValue("Retry-After").isPresent();
            default -> false;
        };
    }

    /** What a failed start leaves for the reader of a CI log, which does not keep the server's own log. */
    private String endOfLog() {
        File log = output.file();
        if (log == null) {
            return "(on the console)";
        }
        try (var lines = Files.lines(log.toPath(), StandardCharsets.ISO_8859_1)) {
            var all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - LOG_LINES_SHOWN), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM: the server shuts down as on a normal stop. */
    @Override
    public void terminate() {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: the server gets no chance to do anything more. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

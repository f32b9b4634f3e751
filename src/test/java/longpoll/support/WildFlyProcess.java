package longpoll.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built WAR on the test build's WildFly ({@code target/wildfly-*}, configured by
 * wildfly-config) in a process of its own, started as docs/deployment.md starts it: the WAR as
 * {@code ROOT.war}, {@code standalone-microprofile.xml}. It runs in a server directory of its own,
 * a copy of {@code standalone/}, on ports of its own, so that it can be stopped with SIGTERM.
 */
public final class WildFlyProcess implements ServerProcess {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration STOP_WITHIN = Duration.ofMinutes(1);
    private static final long RETRY_MILLIS = 200;

    private final Path home;
    private final Path serverDir;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private WildFlyProcess(Path home, Path serverDir, int port, Map<String, String> environment, Path log) {
        this.home = home;
        this.serverDir = serverDir;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    /** The test build's WildFly, from the system property Failsafe sets (see pom.xml). */
    public static WildFlyProcess ofThisBuild(int port, Map<String, String> environment, Path log) {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path war = Path.of(System.getProperty("longpoll.war"));
        try {
            Path serverDir = Files.createTempDirectory(log.getParent(), "wildfly-server-");
            copy(home.resolve("standalone/configuration"), serverDir.resolve("configuration"));
            Files.createDirectories(serverDir.resolve("deployments"));
            Files.copy(war, serverDir.resolve("deployments/ROOT.war"));
            return new WildFlyProcess(home, serverDir, port, environment, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the build unpacked and configured WildFly ({@code -Dwildfly.skip=true} leaves it out). */
    public static boolean isThere() {
        String home = System.getProperty("wildfly.home", "");
        return !home.isEmpty() && Files.isDirectory(Path.of(home, "standalone", "configuration"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public Process start() {
        var command = List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-c",
                "standalone-microprofile.xml",
                "-Djboss.server.base.dir=" + serverDir,
                "-Djboss.http.port=" + port,
                "-Djboss.https.port=" + Ports.free(),
                "-Djboss.management.http.port=" + Ports.free(),
                "-Djboss.management.https.port=" + Ports.free());
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // standalone.sh then passes SIGTERM on to the server's JVM and waits for it.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process;
    }

    /** Starts it and returns once the API answers a short poll with {@code 204}. */
    @Override
    public void startAndAwaitReady() {
        start();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var probe = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/poll/readiness-probe?timeout=0.01"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(probe, BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.millis(RETRY_MILLIS);
        }
        throw new IllegalStateException("WildFly on port " + port + " did not become ready; its log: " + log);
    }

    /** SIGTERM: the server shuts down as on a normal stop. */
    @Override
    public void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

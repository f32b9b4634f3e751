package longpoll.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server on a loopback port: the Linux binary shipped in the embedded-redis artifact,
 * so that a machine with only a JDK runs every Redis test, run as a child process so that tests
 * can stop, kill (SIGKILL), freeze and restart it. The same binary runs Cluster nodes
 * ({@code --cluster-enabled yes}) and Sentinels ({@code --sentinel}). CI runs the Redis tests once
 * more on another version ({@code test.redis.server}, Debian's Redis 7).
 */
public final class RedisProcess {

    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(20);
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    /** The program and its leading arguments; empty for the embedded-redis binary. */
    private final List<String> launcher;

    private final int port;
    private final List<String> settings;
    private Process process;

    private RedisProcess(int port, List<String> settings) {
        this(List.of(), port, settings);
    }

    private RedisProcess(List<String> launcher, int port, List<String> settings) {
        this.launcher = launcher;
        this.port = port;
        this.settings = settings;
    }

    /** An in-memory redis-server keeping its files in {@code dir}, with these settings (e.g. {@code --cluster-enabled yes}). */
    public static RedisProcess inMemory(int port, Path dir, List<String> settings) {
        var all = new ArrayList<>(List.of("--save", "", "--appendonly", "no", "--dir", dir.toString()));
        all.addAll(settings);
        return new RedisProcess(port, all);
    }

    /** A Sentinel reading (and rewriting, as Sentinel does) the configuration file {@code config}. */
    public static RedisProcess sentinel(int port, Path config) {
        return new RedisProcess(List.of(binary(), config.toString(), "--sentinel"), port, List.of());
    }

    /** Keeps everything in memory only. */
    public static RedisProcess inMemory(int port) {
        return new RedisProcess(port, List.of("--save", "", "--appendonly", "no"));
    }

    /** Writes every command to an append-only file in {@code dir}, fsynced before it answers. */
    public static RedisProcess durable(int port, Path dir) {
        return new RedisProcess(
                port,
                List.of(
                        "--save",
                        "",
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        "always",
                        "--dir",
                        dir.toAbsolutePath().toString()));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts it and returns once it accepts connections. */
    public void start() {
        var command = new ArrayList<>(launcher.isEmpty() ? List.of(binary()) : launcher);
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1"));
        command.addAll(settings);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening();
    }

    /** SIGTERM: Redis ends cleanly. */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: Redis gets no chance to do anything more. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGSTOP: connections stay open but nothing answers, like a stalled network. */
    public void freeze() {
        signal("-STOP");
    }

    /** SIGCONT, after {@link #freeze()}. */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid()))
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitExit() {
        try {
            process.waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() {
        await("redis-server to listen on port " + port)
                .atMost(START_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(RETRY)
                .until(this::accepts);
    }

    /** Whether it accepts a connection; an exited server fails the wait at once. */
    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue());
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** {@code test.redis.server} when set (another Redis version), else the embedded-redis binary. */
    private static String binary() {
        String chosen = System.getProperty("test.redis.server", "");
        if (!chosen.isBlank()) {
            return chosen;
        }
        try {
            File executable = ExecutableProvider.newJarResourceProvider().get();
            return executable.getAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

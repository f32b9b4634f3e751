package longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * The Redis the measured server uses: an in-memory redis-server on a loopback port, the Linux
 * binary shipped in the embedded-redis artifact, so that a machine with only a JDK runs the
 * benchmark.
 */
final class RedisProcess {

    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private final int port;
    private Process process;

    RedisProcess(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Starts it, keeping nothing on disk, and returns once it accepts connections. */
    void start() throws InterruptedException {
        try {
            String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
            process = new ProcessBuilder(List.of(
                            binary,
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException notYet) {
                Thread.sleep(RETRY_PAUSE);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port);
    }

    /** SIGTERM: Redis ends cleanly. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

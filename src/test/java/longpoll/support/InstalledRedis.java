package longpoll.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis as the machine has it installed (Debian's {@code redis-server} and {@code redis-tools}):
 * for what the embedded binary lacks, {@code redis-cli --cluster create} and Sentinel.
 */
public final class InstalledRedis {

    private static final Path SERVER = Path.of(System.getProperty("longpoll.redis-server", "/usr/bin/redis-server"));
    private static final Path CLI = Path.of(System.getProperty("longpoll.redis-cli", "/usr/bin/redis-cli"));
    private static final long CLI_LIMIT_SECONDS = 60;

    private InstalledRedis() {}

    /** Fails with what to install when the binaries are missing: these tests must run, not skip. */
    public static void require() {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(CLI)) {
            throw new IllegalStateException("Needs " + SERVER + " and " + CLI
                    + ": apt-get install redis-server redis-tools (or -Dlongpoll.redis-server= and -Dlongpoll.redis-cli=)");
        }
    }

    /** An in-memory redis-server with these settings, e.g. {@code --cluster-enabled yes}. */
    public static RedisProcess server(int port, Path dir, List<String> settings) {
        var all = new ArrayList<>(List.of("--save", "", "--appendonly", "no", "--dir", dir.toString()));
        all.addAll(settings);
        return RedisProcess.of(List.of(SERVER.toString()), port, all);
    }

    /** A Sentinel reading (and rewriting, as Sentinel does) the configuration file {@code config}. */
    public static RedisProcess sentinel(int port, Path config) {
        return RedisProcess.of(List.of(SERVER.toString(), config.toString(), "--sentinel"), port, List.of());
    }

    /** Runs {@code redis-cli} with these arguments and returns its output; fails on a non-zero exit. */
    public static String cli(String... arguments) {
        var command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(CLI_LIMIT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

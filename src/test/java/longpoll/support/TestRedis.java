package longpoll.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;

/**
 * The one real Redis of the integration tests, on the port the server under test is configured
 * with ({@code test.redis.port}, see pom.xml). Started once per test JVM, on first use.
 */
public final class TestRedis {

    private static final RedisProcess SERVER = RedisProcess.inMemory(Integer.getInteger("test.redis.port"));
    private static final JedisPooled CLIENT;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(20);
    private static final String POLLERS = "poller:*";

    static {
        SERVER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
        var pool = new ConnectionPoolConfig();
        pool.setTestOnBorrow(true); // the tests restart Redis: never hand out a connection to the old one
        CLIENT = new JedisPooled(pool, "127.0.0.1", SERVER.port());
    }

    private TestRedis() {}

    /** A client of the test Redis, to look at or change what the server under test sees. */
    public static JedisPooled client() {
        return CLIENT;
    }

    /** Puts {@code count} messages on the client's list, as a client that never polls would leave it. */
    public static void fill(String clientId, int count) {
        String[] entries = new String[count];
        Arrays.fill(entries, "{\"to\": \"" + clientId + "\", \"message\": 0}");
        CLIENT.rpush("messages:" + clientId, entries);
    }

    /**
     * Waits until at least {@code count} polls wait in Redis: each has made itself its client's
     * poller ({@code poller:{messages:<clientId>}}), so a send now wakes it.
     */
    public static void awaitWaitingPolls(int count) {
        await(count + " polls to wait in Redis")
                .atMost(WAIT_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .until(() -> CLIENT.keys(POLLERS).size(), waiting -> waiting >= count);
    }

    /**
     * Waits until no poll waits in Redis: a poll of an earlier test answered by its timeout steps
     * down a moment later, and {@link #awaitWaitingPolls} would count it for a later test's.
     */
    public static void awaitNoWaitingPolls() {
        await("no poll of an earlier test still waiting")
                .atMost(WAIT_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .until(() -> CLIENT.keys(POLLERS), Set::isEmpty);
    }

    /** Waits until a connection is blocked in {@code command} (as CLIENT LIST names it, e.g. {@code wait}). */
    public static void awaitBlockedIn(String command) {
        await("a connection blocked in " + command)
                .atMost(WAIT_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .until(() -> new String(
                                (byte[]) CLIENT.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8)
                        .lines()
                        .anyMatch(line -> line.contains(" flags=b ") && line.contains(" cmd=" + command + " ")));
    }

    public static void freeze() {
        SERVER.freeze();
    }

    public static void thaw() {
        SERVER.thaw();
    }

    public static void stop() {
        SERVER.stop();
    }

    public static void start() {
        SERVER.start();
    }
}

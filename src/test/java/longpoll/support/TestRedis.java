package longpoll.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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

    /** Waits until at least {@code count} connections are blocked in a pop: polls that reached Redis. */
    public static void awaitBlockedPops(int count) {
        await(count + " polls to reach Redis")
                .atMost(WAIT_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .until(TestRedis::blockedClients, blocked -> blocked >= count);
    }

    /**
     * Waits until no pop is blocked: a poll answered by its response timeout may leave its pop
     * blocked a moment longer, and {@link #awaitBlockedPops} would count it for a later test's.
     */
    public static void awaitNoBlockedPops() {
        await("no pop of an earlier test still blocked")
                .atMost(WAIT_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL)
                .until(TestRedis::blockedPops, List::isEmpty);
    }

    /**
     * Ends every blocked pop as if its wait had run out, as a stopping server does with its own.
     * For a class whose clients left with polls waiting, on the server the classes share: an
     * acknowledging poll's pop waits on its client's list alone, so nothing else wakes it before
     * its timeout.
     */
    public static void releaseBlockedPops() {
        blockedPops().stream()
                .map(line -> line.substring("id=".length(), line.indexOf(' ')))
                .forEach(id -> CLIENT.sendCommand(Protocol.Command.CLIENT, "UNBLOCK", id));
    }

    /** The lines of CLIENT LIST of the connections blocked in a command: pops. */
    private static List<String> blockedPops() {
        var clients = new String((byte[]) CLIENT.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        return clients.lines().filter(line -> line.contains(" flags=b ")).toList();
    }

    private static int blockedClients() {
        return CLIENT.info("clients")
                .lines()
                .filter(line -> line.startsWith("blocked_clients:"))
                .mapToInt(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow();
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

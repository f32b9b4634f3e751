package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import longpoll.queue.entity.RedisCallFailed;
import longpoll.refusal.Refusal;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The two connection pools to Redis, and what every Redis call shares: a failure to reach Redis
 * becomes a {@link RedisUnavailableException} (a 503), and an outage is logged when it starts and
 * when it ends, not per failed request.
 *
 * <p>Blocking pops hold a connection for up to a whole poll, so polls get a pool of their own,
 * sized for every poll this node may hold, for every call a poll's task makes (the pop, and the
 * short calls around it: the poller's scripts, acknowledgements, put-backs). A poll's task so never waits
 * for a connection, even when a burst of sends keeps the other pool busy: messages it has taken
 * can always be put back. Sends and health checks get a small pool that polls never use.
 */
@ApplicationScoped
public class RedisConnections {

    private static final Logger LOG = System.getLogger(RedisConnections.class.getName());
    private static final Duration OUTAGE_LOG_INTERVAL = Duration.ofMinutes(1);
    /** The server's chain against the JVM's trust store, and its name against the host (see {@link #clientConfig}). */
    static final SslOptions VERIFIED_TLS =
            SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build();

    private static final List<String> REFUSALS = List.of(
            "LOADING",
            "BUSY",
            "MASTERDOWN",
            "READONLY",
            "TRYAGAIN",
            "CLUSTERDOWN",
            "NOREPLICAS",
            "UNBLOCKED",
            "OOM",
            "MISCONF",
            "NOAUTH",
            "WRONGPASS",
            "NOPERM",
            "ERR max number of clients");

    @Inject
    RedisServers servers;

    @Inject
    QueueSettings settings;

    @Inject
    Event<RedisCallFailed> failed;

    /** Names this node's poll connections in Redis, so that it can release exactly those when it stops. */
    private final String pollingClientName = "longpoll-pop-" + UUID.randomUUID();

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean outageReported = new AtomicBoolean();
    private final AtomicLong lastOutageLogged = new AtomicLong(System.nanoTime() - OUTAGE_LOG_INTERVAL.toNanos() - 1);
    private LazyPool polling;
    private LazyPool commands;

    @PostConstruct
    void prepare() {
        int timeoutMillis = settings.timeoutMillis();
        // An attempt to open may itself take this long: pausing as long keeps attempts from piling up.
        var pause = Duration.ofMillis(timeoutMillis);
        int blockingMillis = settings.pollTimeoutSeconds() * 1000 + timeoutMillis;
        var url = settings.url();
        polling = new LazyPool(
                () -> servers.open(
                        clientConfig(url, pollingClientName, timeoutMillis, blockingMillis),
                        pool(settings.maxWaitingPolls())),
                pause);
        commands = new LazyPool(
                () -> servers.open(
                        clientConfig(url, "longpoll", timeoutMillis, blockingMillis), pool(settings.commandPoolSize())),
                pause);
    }

    @PreDestroy
    void close() {
        polling.close();
        commands.close();
    }

    /** Runs a call of a poll's task (a pop that waits, or a short command) on the polls' pool. */
    <T> T polling(Function<UnifiedJedis, T> command) {
        return call(polling, command);
    }

    /** Runs a short command of a send or a health check on the small pool. */
    <T> T commands(Function<UnifiedJedis, T> command) {
        return call(commands, command);
    }

    /** Asks Redis for a {@code PONG} on a command connection, within the reply timeout. */
    public void ping() {
        commands(UnifiedJedis::ping);
    }

    /**
     * Ends every pop of this node that Redis is still blocking, as if its wait had run out, so a
     * stopping node leaves no pop behind that could take a message after it is gone. In a
     * Cluster, on every node.
     *
     * @return how many pops were released
     */
    public int unblockPops() {
        return commands(redis -> RedisServers.onEveryServer(redis, this::unblockPopsOn));
    }

    private int unblockPopsOn(UnifiedJedis server) {
        var clients = new String((byte[]) server.sendCommand(Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        return (int) clients.lines()
                .filter(line -> line.contains(" name=" + pollingClientName + " "))
                .map(line -> line.substring("id=".length(), line.indexOf(' ')))
                .filter(id -> (Long) server.sendCommand(Command.CLIENT, "UNBLOCK", id) == 1)
                .count();
    }

    private <T> T call(LazyPool pool, Function<UnifiedJedis, T> command) {
        try {
            T result = command.apply(pool.get());
            if (down.get() && down.compareAndSet(true, false) && outageReported.getAndSet(false)) {
                LOG.log(Level.INFO, "Redis answers again");
            }
            return result;
        } catch (JedisDataException e) {
            if (!isRefusal(e)) {
                throw e;
            }
            outage(e);
            throw new RedisUnavailableException(e);
        } catch (JedisException e) {
            if (isPoolExhausted(e)) {
                // Redis is fine, this node is overloaded: its connections are not the problem.
                throw Refusal.unavailable(
                        "This node is busy: no Redis connection came free within " + settings.timeoutMillis() + " ms");
            }
            discardIdle();
            outage(e);
            throw new RedisUnavailableException(e);
        }
    }

    /**
     * Every connection of the pool stayed in use for the whole wait. When Redis is down, the pool
     * fails to open or check one instead, and that failure is the cause's own cause.
     */
    private static boolean isPoolExhausted(JedisException e) {
        return e.getCause() instanceof NoSuchElementException waited && waited.getCause() == null;
    }

    /** Logs an outage when it starts; one that flaps (fails, answers, fails) is logged once a minute at most. */
    private void outage(JedisException cause) {
        failed.fire(new RedisCallFailed(cause)); // every failed call, logged or not
        long now = System.nanoTime();
        long last = lastOutageLogged.get();
        if (down.compareAndSet(false, true)
                && now - last > OUTAGE_LOG_INTERVAL.toNanos()
                && lastOutageLogged.compareAndSet(last, now)) {
            outageReported.set(true);
            LOG.log(Level.WARNING, "Redis is unavailable, answering 503 until it is back: {0}", cause.toString());
        }
    }

    /**
     * Errors Redis answers when it refuses work rather than the request being wrong: reloading
     * its data after a restart, busy with a script, a replica without its master, a cluster in
     * failover, a master turned replica by a failover (which ends its blocked pops with
     * UNBLOCKED), out of memory, unable to persist, this node's credentials or permissions
     * refused, too many clients. The caller should come back later. Redis 6.2 reports such an
     * error raised inside a script as {@code ERR Error running script ...: -READONLY ...}.
     */
    private static boolean isRefusal(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        return REFUSALS.stream().anyMatch(code -> message.startsWith(code) || message.contains("-" + code));
    }

    /**
     * After a connection failed, the idle ones most likely lead to the same dead Redis: drop
     * them, so that when Redis is back, the next commands open fresh connections instead of
     * failing one by one on stale ones.
     */
    private void discardIdle() {
        polling.ifOpened(RedisServers::discardIdle);
        commands.ifOpened(RedisServers::discardIdle);
    }

    /**
     * The URL's user, password, database and TLS. Over TLS ({@code rediss://}) the server's
     * certificate must be trusted (the JVM's trust store) and name the host the node connects
     * to: Jedis's {@code ssl(true)} alone checks neither the name nor, with some settings, the
     * chain. Jedis waits forever on a blocking command unless told otherwise: a pop may block for
     * a whole poll ({@code blockingMillis}), so a reply that has not come by then means the
     * connection stalled.
     */
    static JedisClientConfig clientConfig(URI url, String clientName, int timeoutMillis, int blockingMillis) {
        var config = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .database(JedisURIHelper.getDBIndex(url))
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(blockingMillis)
                .clientName(clientName);
        if (JedisURIHelper.isRedisSSLScheme(url)) {
            config.ssl(true).sslOptions(VERIFIED_TLS);
        }
        return config.build();
    }

    private ConnectionPoolConfig pool(int size) {
        var config = new ConnectionPoolConfig();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        // One pool per deployment: JMX names would clash across redeploys and nobody reads them.
        config.setJmxEnabled(false);
        return config;
    }
}

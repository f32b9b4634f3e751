package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
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
 * <p>Both pools are small and fixed, whatever the node holds: a waiting poll holds no connection
 * (see {@code poll.control.NodeWait}). Polls get a pool of their own, for their starts, the
 * node's one blocking wait and its takes, and for putting back what could not be handed over;
 * sends and health checks get the other, so that a send never waits behind polls for a
 * connection, and messages a poll took can always be put back.
 *
 * <p>Each connection is named in Redis after this node ({@code CLIENT LIST}: {@code
 * longpoll-<node>-polls}, {@code longpoll-<node>-sends}), the node's name in its polls' names too.
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

    /** This node, among the nodes that share the Redis. */
    private final String node = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

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
        int blockingMillis = settings.recheckMillis() + timeoutMillis;
        var url = settings.url();
        polling = new LazyPool(
                () -> servers.open(
                        clientConfig(url, "longpoll-" + node + "-polls", timeoutMillis, blockingMillis),
                        pool(settings.pollPoolSize())),
                pause);
        commands = new LazyPool(
                () -> servers.open(
                        clientConfig(url, "longpoll-" + node + "-sends", timeoutMillis, timeoutMillis),
                        pool(settings.commandPoolSize())),
                pause);
    }

    @PreDestroy
    void close() {
        polling.close();
        commands.close();
    }

    /** This node's name, unique among the nodes that share the Redis. */
    public String node() {
        return node;
    }

    /** Runs a call of a poll (its start, the node's wait or its takes, a put-back) on the polls' pool. */
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

    private <T> T call(LazyPool pool, Function<UnifiedJedis, T> command) {
        try {
            T result = command.apply(pool.get());
            if (down.get() && down.compareAndSet(true, false) && outageReported.getAndSet(false)) {
                LOG.log(Level.INFO, "Redis answers again");
            }
            return result;
        } catch (JedisDataException e) {
            throw refused(e);
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
     * What a call's error means for its caller: Redis refusing work (see {@link #isRefusal}) is an
     * outage, any other error the call's own. For the calls of a pipeline, each with its own result
     * (see {@link RedisScript#runAll}).
     */
    RuntimeException refused(JedisDataException e) {
        if (!isRefusal(e)) {
            return e;
        }
        outage(e);
        return new RedisUnavailableException(e);
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
     * failover, a master turned replica by a failover (which ends the node's blocked wait with
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
     * chain. Jedis waits forever on a blocking command unless told otherwise: the node's wait
     * blocks up to {@code blockingMillis}, so a reply that has not come by then means the
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

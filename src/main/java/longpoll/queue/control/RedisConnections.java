package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The two connection pools to Redis. Blocking pops hold a connection for up to a whole poll, so
 * they get a pool of their own, sized for every poll this node may hold; short commands (sends,
 * put-backs) get a small pool that waiting polls can never exhaust.
 */
@ApplicationScoped
public class RedisConnections {

    @Inject
    @ConfigProperty(name = "longpoll.redis.url", defaultValue = "redis://localhost:6379")
    URI url;

    @Inject
    @ConfigProperty(name = "longpoll.redis.timeout-millis", defaultValue = "2000")
    int timeoutMillis;

    @Inject
    @ConfigProperty(name = "longpoll.redis.command-pool-size", defaultValue = "64")
    int commandPoolSize;

    @Inject
    @ConfigProperty(name = "longpoll.poll.max-waiting", defaultValue = "9500")
    int maxWaitingPolls;

    @Inject
    @ConfigProperty(name = "longpoll.poll.timeout-seconds", defaultValue = "30")
    int pollTimeoutSeconds;

    private JedisPooled blocking;
    private JedisPooled commands;

    @PostConstruct
    void open() {
        blocking = new JedisPooled(JedisURIHelper.getHostAndPort(url), clientConfig(), pool(maxWaitingPolls));
        commands = new JedisPooled(JedisURIHelper.getHostAndPort(url), clientConfig(), pool(commandPoolSize));
    }

    @PreDestroy
    void close() {
        blocking.close();
        commands.close();
    }

    /**
     * After a connection failed, the idle ones most likely lead to the same dead Redis: drop
     * them, so that when Redis is back, the next commands open fresh connections instead of
     * failing one by one on stale ones.
     */
    void discardIdle() {
        blocking.getPool().clear();
        commands.getPool().clear();
    }

    /** For blocking pops only. */
    JedisPooled blocking() {
        return blocking;
    }

    JedisPooled commands() {
        return commands;
    }

    /**
     * Jedis waits forever on a blocking command unless told otherwise: a pop may block for a
     * whole poll, so a reply that has not come a little after that means the connection stalled.
     */
    private JedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .database(JedisURIHelper.getDBIndex(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(pollTimeoutSeconds * 1000 + timeoutMillis)
                .clientName("longpoll")
                .build();
    }

    private ConnectionPoolConfig pool(int size) {
        var config = new ConnectionPoolConfig();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMaxWait(Duration.ofMillis(timeoutMillis));
        // One pool per deployment: JMX names would clash across redeploys and nobody reads them.
        config.setJmxEnabled(false);
        return config;
    }
}

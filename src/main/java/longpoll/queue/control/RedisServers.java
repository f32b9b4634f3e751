package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Which Redis the node talks to, by configuration: one server ({@code longpoll.redis.url}), the
 * master a set of Sentinels points at ({@code longpoll.redis.sentinels}), or a Redis Cluster
 * ({@code longpoll.redis.cluster-nodes}). Each pool of {@link RedisConnections} is opened here
 * with its own client settings and pool size; in a Cluster the size holds per node, and under
 * Sentinel for the current master, which Jedis follows when Sentinel fails over.
 */
@ApplicationScoped
public class RedisServers {

    /** Nodes a Cluster command is tried on (following MOVED/ASK or a failed node) before it fails. */
    private static final int CLUSTER_ATTEMPTS = 5;

    @Inject
    QueueSettings settings;

    /**
     * The URL's user, password, database and TLS scheme apply in every mode; its host only to a
     * single server. Sentinels are reached over TLS too when the URL says {@code rediss://}, with
     * their own password ({@code longpoll.redis.sentinel-password}, Sentinel's {@code requirepass}).
     */
    UnifiedJedis open(JedisClientConfig client, ConnectionPoolConfig pool) {
        Set<HostAndPort> cluster = hostsOf(settings.clusterNodes());
        Set<HostAndPort> sentinel = hostsOf(settings.sentinels());
        if (!cluster.isEmpty() && !sentinel.isEmpty()) {
            throw new IllegalStateException("Set longpoll.redis.cluster-nodes or longpoll.redis.sentinels, not both");
        }
        if (!cluster.isEmpty()) {
            return new JedisCluster(cluster, client, CLUSTER_ATTEMPTS, pool);
        }
        if (!sentinel.isEmpty()) {
            var sentinelClient = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(settings.timeoutMillis())
                    .socketTimeoutMillis(settings.timeoutMillis())
                    .password(settings.sentinelPassword().orElse(null));
            if (JedisURIHelper.isRedisSSLScheme(settings.url())) {
                sentinelClient.ssl(true).sslOptions(RedisConnections.VERIFIED_TLS);
            }
            return new JedisSentineled(settings.sentinelMaster(), client, pool, sentinel, sentinelClient.build());
        }
        return new JedisPooled(JedisURIHelper.getHostAndPort(settings.url()), client, pool);
    }

    /**
     * Drops the idle connections of a pool. Under Sentinel there is nothing to drop by hand:
     * Jedis replaces the whole pool when the master changes.
     */
    static void discardIdle(UnifiedJedis redis) {
        if (redis instanceof JedisPooled single) {
            single.getPool().clear();
        } else if (redis instanceof JedisCluster cluster) {
            cluster.getClusterNodes().values().forEach(node -> node.clear());
        }
    }

    private static Set<HostAndPort> hostsOf(List<String> hosts) {
        return hosts.stream().map(HostAndPort::from).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}

package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import longpoll.settings.CommaSeparated;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The queue component's settings: which Redis, how long its calls may take, how the lists are
 * bounded and kept. Also the two poll settings that time the poller keys and the node's blocking
 * wait (the poll component reads them as well, in its own settings: it depends on this one, not
 * the other way round). Defaults: {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class QueueSettings {

    @Inject
    @ConfigProperty(name = "longpoll.redis.url")
    URI url;

    @Inject
    @ConfigProperty(name = "longpoll.redis.sentinels")
    Optional<String> sentinels;

    @Inject
    @ConfigProperty(name = "longpoll.redis.sentinel-master")
    String sentinelMaster;

    @Inject
    @ConfigProperty(name = "longpoll.redis.sentinel-password")
    Optional<String> sentinelPassword;

    @Inject
    @ConfigProperty(name = "longpoll.redis.cluster-nodes")
    Optional<String> clusterNodes;

    @Inject
    @ConfigProperty(name = "longpoll.redis.timeout-millis")
    int timeoutMillis;

    @Inject
    @ConfigProperty(name = "longpoll.redis.command-pool-size")
    int commandPoolSize;

    @Inject
    @ConfigProperty(name = "longpoll.redis.poll-pool-size")
    int pollPoolSize;

    @Inject
    @ConfigProperty(name = "longpoll.redis.wait-replicas")
    int waitReplicas;

    @Inject
    @ConfigProperty(name = "longpoll.redis.wait-replicas-millis")
    long waitReplicasMillis;

    @Inject
    @ConfigProperty(name = "longpoll.queue.max-length")
    int maxLength;

    @Inject
    @ConfigProperty(name = "longpoll.queue.idle-expiry-seconds")
    long idleExpirySeconds;

    @Inject
    @ConfigProperty(name = "longpoll.send.idempotency-seconds")
    long idempotencySeconds;

    @Inject
    @ConfigProperty(name = "longpoll.poll.timeout-seconds")
    int pollTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "longpoll.poll.recheck-millis")
    int recheckMillis;

    /**
     * Reads the settings on the deployment's thread. On WildFly the queue's beans are often first
     * used on a poll task's thread, which does not see the WAR's configuration file.
     */
    void load(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // creating this bean to observe the event is the point
    }

    /** The single server's, and in every mode the user, password, database and TLS scheme. */
    public URI url() {
        return url;
    }

    /** {@code host:port} of each Sentinel; none: not under Sentinel. */
    public List<String> sentinels() {
        return CommaSeparated.values(sentinels);
    }

    public String sentinelMaster() {
        return sentinelMaster;
    }

    public Optional<String> sentinelPassword() {
        return sentinelPassword;
    }

    /** {@code host:port} of a few nodes of a Redis Cluster; none: not a Cluster. */
    public List<String> clusterNodes() {
        return CommaSeparated.values(clusterNodes);
    }

    /** Connect and reply timeout of a Redis command, and the longest wait for a pooled connection. */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    /** Connections for sends and health checks. */
    public int commandPoolSize() {
        return commandPoolSize;
    }

    /** Connections for polls: their starts, the node's wait and its takes, put-backs. */
    public int pollPoolSize() {
        return pollPoolSize;
    }

    /** Replicas that must have a message before its send returns; 0: don't wait. */
    public int waitReplicas() {
        return waitReplicas;
    }

    public long waitReplicasMillis() {
        return waitReplicasMillis;
    }

    /** Most messages waiting for one client. */
    public int maxLength() {
        return maxLength;
    }

    /** How long a client's lists live after their last change. */
    public long idleExpirySeconds() {
        return idleExpirySeconds;
    }

    /** How long an {@code Idempotency-Key} is remembered. */
    public long idempotencySeconds() {
        return idempotencySeconds;
    }

    /** The longest poll, and so how long a poller key must outlive its last change. */
    public int pollTimeoutSeconds() {
        return pollTimeoutSeconds;
    }

    /** The longest the node's blocking wait blocks: between two looks at the waiting clients' lists. */
    public int recheckMillis() {
        return recheckMillis;
    }
}

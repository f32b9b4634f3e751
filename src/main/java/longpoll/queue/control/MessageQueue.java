package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.stats.control.Counters;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.util.KeyValue;

/**
 * Each client's messages as a Redis list: appended on the right, taken from the left, and put
 * back on the left when a taken message could not be handed over, so FIFO order survives.
 * (Acknowledging clients take through {@link InFlightMessages} instead.)
 */
@ApplicationScoped
public class MessageQueue {

    private static final Logger LOG = System.getLogger(MessageQueue.class.getName());
    private static final RedisScript APPEND = RedisScript.named("append.lua");
    private static final long QUEUED = 1;
    private static final long FULL = -1;

    @Inject
    RedisConnections redis;

    @Inject
    Counters counters;

    @Inject
    @ConfigProperty(name = "longpoll.queue.max-length", defaultValue = "10000")
    int maxLength;

    @Inject
    @ConfigProperty(name = "longpoll.queue.idle-expiry-seconds", defaultValue = "604800")
    long idleExpirySeconds;

    @Inject
    @ConfigProperty(name = "longpoll.send.idempotency-seconds", defaultValue = "86400")
    long idempotencySeconds;

    @Inject
    @ConfigProperty(name = "longpoll.redis.wait-replicas", defaultValue = "0")
    int waitReplicas;

    @Inject
    @ConfigProperty(name = "longpoll.redis.wait-replicas-millis", defaultValue = "500")
    long waitReplicasMillis;

    /**
     * With {@code longpoll.redis.wait-replicas} set, returns only once that many replicas have
     * the message, so that a failover can't lose a message whose send was answered.
     *
     * @param idempotencyKey the sender's {@code Idempotency-Key}, or null
     * @return the message's id (for a key seen before, the id the first send got: nothing is
     *     queued again), and whether a poll of the recipient waits on any node
     * @throws QueueFullException when the client's list already holds {@code longpoll.queue.max-length} messages
     */
    public Appended append(QueuedMessage message, String idempotencyKey) {
        var client = new ClientId(message.to());
        List<String> keys = idempotencyKey == null
                ? List.of(client.queueKey(), client.presenceKey())
                : List.of(client.queueKey(), client.presenceKey(), client.idempotencyKey(idempotencyKey));
        List<String> args = List.of(message.toEntry(), message.id(), String.valueOf(maxLength),
                String.valueOf(idleExpirySeconds), String.valueOf(idempotencySeconds));
        var outcome = (List<?>) redis.commands(r -> waitReplicas > 0
                ? APPEND.runReplicated(r, keys, args, waitReplicas, waitReplicasMillis)
                : APPEND.run(r, keys, args));
        if ((Long) outcome.get(0) == FULL) {
            throw new QueueFullException(client, maxLength);
        }
        if ((Long) outcome.get(0) == QUEUED) {
            counters.messageSent();
        } else {
            LOG.log(Level.DEBUG, "{0}: Idempotency-Key {1} seen before, not queued again", client, idempotencyKey);
        }
        return new Appended((String) outcome.get(1), (Long) outcome.get(2) == 1);
    }

    /** A message in its recipient's list: its id, and whether a poll of the recipient was waiting. */
    public record Appended(String id, boolean recipientWaiting) {}

    /**
     * Waits up to {@code wait} for the client's first entry, then takes those right behind it,
     * up to {@code max} in all. Two takers of one list never get the same entry.
     *
     * @return the entries, oldest first; empty when none came in time
     */
    public List<String> take(ClientId client, Duration wait, int max) {
        KeyValue<String, String> first = redis.blocking(r -> r.blpop(Seconds.of(wait), client.queueKey()));
        if (first == null) {
            return List.of();
        }
        var entries = new ArrayList<String>(List.of(first.getValue()));
        if (max > 1) {
            entries.addAll(takeWaiting(client, max - 1));
        }
        return entries;
    }

    /** Puts entries back at the head of the list, in their order, ahead of anything newer. */
    public void putBack(ClientId client, List<String> entries) {
        String[] newestFirst = entries.reversed().toArray(String[]::new);
        try {
            redis.commands(r -> r.lpush(client.queueKey(), newestFirst));
        } catch (RedisUnavailableException e) {
            LOG.log(Level.ERROR, "Could not put back messages for {0}, they are lost: {1}", client, entries);
            throw e;
        }
    }

    /** The first entry is already ours; if Redis fails now, deliver that one rather than lose it. */
    private List<String> takeWaiting(ClientId client, int max) {
        try {
            List<String> rest = redis.commands(r -> r.lpop(client.queueKey(), max));
            return rest == null ? List.of() : rest;
        } catch (RedisUnavailableException e) {
            return List.of();
        }
    }
}

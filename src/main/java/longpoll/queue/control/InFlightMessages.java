package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import longpoll.queue.entity.ClientId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.args.ListDirection;

/**
 * Delivery to acknowledging clients, with Redis's reliable-queue pattern: a message is moved
 * atomically from the client's list to its in-flight list and stays there until the client
 * acknowledges it. Whatever happens between the move and the client's acknowledgement (the
 * answer is lost, the client crashes, this node is killed), the message is still in Redis and is
 * handed out again, first, on the client's next poll.
 */
@ApplicationScoped
public class InFlightMessages {

    private static final RedisScript ACKNOWLEDGE = RedisScript.named("acknowledge.lua");
    private static final RedisScript MOVE_WAITING = RedisScript.named("move-waiting.lua");

    @Inject
    RedisConnections redis;

    @Inject
    @ConfigProperty(name = "longpoll.queue.idle-expiry-seconds", defaultValue = "604800")
    long idleExpirySeconds;

    /**
     * Drops the acknowledged message and all handed out before it, and returns what the client
     * still has in flight: those come again before anything new.
     *
     * @param acknowledgedId the id of the last message the client processed, or "" for none
     * @return up to {@code max} unacknowledged entries, oldest first
     */
    @SuppressWarnings("unchecked")
    public List<String> acknowledge(ClientId client, String acknowledgedId, int max) {
        return (List<String>) redis.polling(r -> ACKNOWLEDGE.run(r,
                List.of(client.inFlightKey()), List.of(acknowledgedId, String.valueOf(max))));
    }

    /**
     * Waits up to {@code wait} for the client's first message and moves it, with those right
     * behind it, into the in-flight list.
     *
     * @return the head of the in-flight list (up to {@code max} entries, oldest first), which may
     *     hold messages moved by a poll the client dropped; empty when nothing came in time
     */
    @SuppressWarnings("unchecked")
    public List<String> take(ClientId client, Duration wait, int max) {
        String first = redis.polling(r -> r.blmove(client.queueKey(), client.inFlightKey(),
                ListDirection.LEFT, ListDirection.RIGHT, Seconds.of(wait)));
        if (first == null) {
            return List.of();
        }
        // Should Redis fail here, the poll gets a 503 and the message waits in flight for the next one.
        return (List<String>) redis.polling(r -> MOVE_WAITING.run(r,
                List.of(client.queueKey(), client.inFlightKey()),
                List.of(String.valueOf(max), String.valueOf(idleExpirySeconds))));
    }
}

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

    private static final RedisScript ACKNOWLEDGE = Presence.counting("acknowledge.lua");
    private static final RedisScript MOVE_WAITING = Presence.counting("move-waiting.lua");

    @Inject
    RedisConnections redis;

    @Inject
    Presence presence;

    @Inject
    @ConfigProperty(name = "longpoll.queue.idle-expiry-seconds", defaultValue = "604800")
    long idleExpirySeconds;

    /**
     * Drops the acknowledged message and all handed out before it; then hands out what the client
     * still has in flight, which comes again before anything new, or else waits up to {@code wait}
     * for the client's first message and moves it, with those right behind it, into the in-flight
     * list. While it waits, the poll counts as waiting (see {@link Presence}).
     *
     * @param acknowledgedId the id of the last message the client processed, or "" for none
     * @return up to {@code max} entries from the head of the in-flight list, oldest first (after a
     *     wait, it may hold messages moved by a poll the client dropped); none when nothing came in time
     */
    @SuppressWarnings("unchecked")
    public Handout take(ClientId client, String acknowledgedId, Duration wait, int max) {
        var unacknowledged = (List<String>) redis.polling(r -> ACKNOWLEDGE.run(r,
                List.of(client.inFlightKey(), client.presenceKey()),
                List.of(acknowledgedId, String.valueOf(max), presence.expirySeconds())));
        if (!unacknowledged.isEmpty()) {
            return new Handout(unacknowledged, true);
        }
        String first = presence.whileCounted(client, () -> redis.polling(r -> r.blmove(client.queueKey(),
                client.inFlightKey(), ListDirection.LEFT, ListDirection.RIGHT, Seconds.of(wait))));
        if (first == null) {
            return new Handout(List.of(), false);
        }
        // Should Redis fail here, the poll gets a 503 and the message waits in flight for the next one.
        return new Handout((List<String>) redis.polling(r -> MOVE_WAITING.run(r,
                List.of(client.queueKey(), client.inFlightKey(), client.presenceKey()),
                List.of(String.valueOf(max), String.valueOf(idleExpirySeconds), presence.expirySeconds()))), false);
    }

    /**
     * What a poll hands out.
     *
     * @param redelivery whether the entries were handed out before and not acknowledged
     */
    public record Handout(List<String> entries, boolean redelivery) {}
}

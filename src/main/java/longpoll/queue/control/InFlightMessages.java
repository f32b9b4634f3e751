package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import longpoll.queue.entity.Batch;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.Handout;
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

    private static final RedisScript ACKNOWLEDGE = Pollers.taking("batch.lua", "ids.lua", "acknowledge.lua");
    private static final RedisScript MOVE_WAITING = Pollers.taking("batch.lua", "ids.lua", "move-waiting.lua");

    @Inject
    RedisConnections redis;

    @Inject
    Pollers pollers;

    @Inject
    QueueSettings settings;

    /**
     * Drops the acknowledged message and all handed out before it; then hands out what the client
     * still has in flight, which comes again before anything new, or else, as the client's poller
     * (see {@link Pollers}), waits up to {@code wait} for the client's first message and moves it,
     * with those right behind it, into the in-flight list.
     *
     * @param wakeKey        the poll's own (see {@link Pollers#wakeKeyOfNewPoll}); an acknowledging
     *                       poll's blocking move does not watch it, and hands back what it moves
     *                       once the poll is no longer the poller
     * @param acknowledgedId the id of the last message the client processed, or "" for none
     * @return up to one batch of entries from the head of the in-flight list, oldest first
     */
    @SuppressWarnings("unchecked")
    public Handout take(ClientId client, String wakeKey, String acknowledgedId, Duration wait, Batch batch) {
        String max = String.valueOf(batch.entries());
        String bytes = String.valueOf(batch.bytes());
        var started = (List<Object>) redis.polling(r -> ACKNOWLEDGE.run(
                r,
                List.of(client.inFlightKey(), client.pollerKey(), wakeKey, client.handoutsKey()),
                List.of(
                        acknowledgedId,
                        max,
                        pollers.expirySeconds(),
                        String.valueOf(settings.idleExpirySeconds()),
                        bytes)));
        String handouts = String.valueOf(started.getFirst());
        if (started.size() > 1) {
            return new Handout(entries(started), true, false);
        }
        String first = pollers.popping(
                client,
                wakeKey,
                () -> redis.polling(r -> r.blmove(
                        client.queueKey(),
                        client.inFlightKey(),
                        ListDirection.LEFT,
                        ListDirection.RIGHT,
                        Seconds.of(wait))));
        if (first == null) {
            return Handout.NOTHING;
        }
        // Should Redis fail here, the poll gets a 503 and the message waits in flight for the next one.
        var moved = (List<Object>) redis.polling(r -> MOVE_WAITING.run(
                r,
                List.of(client.queueKey(), client.inFlightKey(), client.pollerKey(), wakeKey, client.handoutsKey()),
                List.of(max, String.valueOf(settings.idleExpirySeconds()), first, handouts, bytes)));
        if ((Long) moved.getFirst() == 0) {
            return Handout.OVERTAKEN;
        }
        return Handout.of(entries(moved));
    }

    /** A script's answer after its first element. */
    private static List<String> entries(List<Object> answer) {
        return answer.subList(1, answer.size()).stream().map(String.class::cast).toList();
    }
}

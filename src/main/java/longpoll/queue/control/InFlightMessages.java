package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import longpoll.queue.entity.Batch;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.Handout;
import longpoll.queue.entity.Take;

/**
 * Delivery to acknowledging clients, with Redis's reliable-queue pattern: a message is moved
 * atomically from the client's list to its in-flight list and stays there until the client
 * acknowledges it. Whatever happens between the move and the client's acknowledgement (the
 * answer is lost, the client crashes, this node is killed), the message is still in Redis and is
 * handed out again, first, on the client's next poll.
 */
@ApplicationScoped
public class InFlightMessages {

    private static final RedisScript ACKNOWLEDGE =
            Pollers.taking("batch.lua", "ids.lua", "in-flight.lua", "acknowledge.lua");
    private static final RedisScript TAKE =
            Pollers.taking("batch.lua", "ids.lua", "in-flight.lua", "take-acknowledged.lua");

    @Inject
    RedisConnections redis;

    @Inject
    Pollers pollers;

    @Inject
    QueueSettings settings;

    /**
     * An acknowledging poll's start: it becomes the client's poller (see {@link Pollers}) and
     * drops the acknowledged message and all handed out before it. Then it hands out what the
     * client still has in flight, which comes again before anything new; else it moves the
     * client's next messages in flight and hands those out; else it stays the poller and waits
     * for its node to take for it ({@link MessageQueue#take}).
     *
     * @param pollName       the poll's own (see {@link Pollers#nameOfNewPoll})
     * @param acknowledgedId the id of the last message the client processed, or "" for none
     * @return up to one batch of entries from the head of the in-flight list, oldest first
     */
    @SuppressWarnings("unchecked")
    public Handout start(ClientId client, String pollName, String acknowledgedId, Batch batch) {
        var started = (List<Object>) redis.polling(r -> ACKNOWLEDGE.run(
                r,
                List.of(client.queueKey(), client.inFlightKey(), client.pollerKey(), client.handoutsKey()),
                List.of(
                        pollName,
                        acknowledgedId,
                        String.valueOf(batch.entries()),
                        pollers.expirySeconds(),
                        String.valueOf(settings.idleExpirySeconds()),
                        String.valueOf(batch.bytes()))));
        if (started.size() == 1) {
            return Handout.NOTHING;
        }
        var entries = started.subList(1, started.size()).stream()
                .map(String.class::cast)
                .toList();
        return new Handout(entries, (Long) started.getFirst() == 1, false, null);
    }

    /** A woken acknowledging poll's take, for {@link MessageQueue#take}. */
    RedisScript.Call takeCall(Take take, Batch batch) {
        ClientId client = take.client();
        return TAKE.call(
                List.of(client.queueKey(), client.inFlightKey(), client.pollerKey(), client.handoutsKey()),
                List.of(
                        take.pollName(),
                        String.valueOf(batch.entries()),
                        String.valueOf(settings.idleExpirySeconds()),
                        String.valueOf(batch.bytes())));
    }
}

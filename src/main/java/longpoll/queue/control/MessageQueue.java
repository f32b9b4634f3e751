package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import longpoll.queue.entity.ClientId;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.KeyValue;

/**
 * Each client's messages as a Redis list: appended on the right, taken from the left, and put
 * back on the left when a taken message could not be handed over, so FIFO order survives.
 */
@ApplicationScoped
public class MessageQueue {

    private static final Logger LOG = System.getLogger(MessageQueue.class.getName());
    private static final double MILLIS_PER_SECOND = 1000.0;

    @Inject
    RedisConnections redis;

    /** Remembers an outage so that it is logged once when it starts and once when it ends. */
    private final AtomicBoolean redisDown = new AtomicBoolean();

    public void append(ClientId client, String entry) {
        call(() -> redis.commands().rpush(client.queueKey(), entry));
    }

    /**
     * Waits up to {@code wait} for the client's first entry, then takes those right behind it,
     * up to {@code max} in all. Two takers of one list never get the same entry.
     *
     * @return the entries, oldest first; empty when none came in time
     */
    public List<String> take(ClientId client, Duration wait, int max) {
        KeyValue<String, String> first =
                call(() -> redis.blocking().blpop(wait.toMillis() / MILLIS_PER_SECOND, client.queueKey()));
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
            call(() -> redis.commands().lpush(client.queueKey(), newestFirst));
        } catch (RedisUnavailableException e) {
            LOG.log(Level.ERROR, "Could not put back messages for {0}, they are lost: {1}", client, entries);
            throw e;
        }
    }

    /** The first entry is already ours; if Redis fails now, deliver that one rather than lose it. */
    private List<String> takeWaiting(ClientId client, int max) {
        try {
            List<String> rest = call(() -> redis.commands().lpop(client.queueKey(), max));
            return rest == null ? List.of() : rest;
        } catch (RedisUnavailableException e) {
            return List.of();
        }
    }

    private <T> T call(Supplier<T> command) {
        try {
            T result = command.get();
            if (redisDown.get() && redisDown.compareAndSet(true, false)) {
                LOG.log(Level.INFO, "Redis answers again");
            }
            return result;
        } catch (JedisDataException e) {
            throw e;
        } catch (JedisException e) {
            redis.discardIdle();
            if (redisDown.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Redis is unavailable, answering 503 until it is back: {0}", e.toString());
            }
            throw new RedisUnavailableException(e);
        }
    }
}

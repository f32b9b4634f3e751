package longpoll.queue.control;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A pool of Redis connections opened by the first call that needs it, and again by a later call
 * when opening failed. Under Sentinel and Cluster, opening asks the servers where the data is,
 * which fails while they are down: a node started before its Redis answers 503 until Redis is
 * up, instead of failing every request with the exception of a bean that could not be created.
 *
 * <p>After a failed attempt, calls fail at once for a pause instead of trying again, so that a
 * burst of requests does not queue up behind one slow attempt after another.
 */
final class LazyPool {

    private final Supplier<UnifiedJedis> open;
    private final Duration pauseAfterFailure;
    private volatile UnifiedJedis opened;
    private JedisException lastFailure;
    private long failedAt;

    LazyPool(Supplier<UnifiedJedis> open, Duration pauseAfterFailure) {
        this.open = open;
        this.pauseAfterFailure = pauseAfterFailure;
    }

    /** @throws JedisException when the pool could not be opened, now or within the pause */
    UnifiedJedis get() {
        UnifiedJedis pool = opened;
        return pool != null ? pool : openOnce();
    }

    private synchronized UnifiedJedis openOnce() {
        if (opened != null) {
            return opened;
        }
        if (lastFailure != null && System.nanoTime() - failedAt < pauseAfterFailure.toNanos()) {
            throw new JedisConnectionException("Redis could not be reached moments ago", lastFailure);
        }
        try {
            opened = open.get();
            lastFailure = null;
            return opened;
        } catch (JedisException e) {
            lastFailure = e;
            failedAt = System.nanoTime();
            throw e;
        }
    }

    /** Runs the action on the pool if it is open; one never opened has nothing to act on. */
    void ifOpened(Consumer<UnifiedJedis> action) {
        UnifiedJedis pool = opened;
        if (pool != null) {
            action.accept(pool);
        }
    }

    synchronized void close() {
        ifOpened(UnifiedJedis::close);
        opened = null;
    }
}

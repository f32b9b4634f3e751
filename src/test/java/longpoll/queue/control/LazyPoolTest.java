package longpoll.queue.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** When a pool is opened: on first use, once, and again after a failure only when the pause is over. */
class LazyPoolTest {

    /** Opening a pool for one server connects to nothing yet, so nothing needs to listen here. */
    private final UnifiedJedis pool = new JedisPooled("127.0.0.1", 1);

    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void thePoolIsOpenedByTheFirstCallOnly() {
        var lazy = new LazyPool(this::openPool, Duration.ZERO);
        assertEquals(0, attempts.get(), "not opened before a call needs it");

        assertSame(pool, lazy.get());
        assertSame(pool, lazy.get());
        assertEquals(1, attempts.get());
    }

    @Test
    void afterAFailedAttemptCallsFailAtOnceUntilThePauseIsOver() {
        var lazy = new LazyPool(this::failThenOpenPool, Duration.ofHours(1));

        var first = assertThrows(JedisException.class, lazy::get);
        var second = assertThrows(JedisConnectionException.class, lazy::get);

        assertSame(first, second.getCause(), "the second call reports the first failure");
        assertEquals(1, attempts.get(), "and does not try again");
    }

    @Test
    void afterThePauseTheNextCallTriesAgain() {
        var lazy = new LazyPool(this::failThenOpenPool, Duration.ZERO);

        assertThrows(JedisException.class, lazy::get);

        assertSame(pool, lazy.get());
        assertEquals(2, attempts.get());
    }

    @Test
    void onlyAnOpenedPoolIsActedOn() {
        var lazy = new LazyPool(this::openPool, Duration.ZERO);
        var actedOn = new AtomicInteger();

        lazy.ifOpened(opened -> actedOn.incrementAndGet());
        lazy.get();
        lazy.ifOpened(opened -> actedOn.incrementAndGet());

        assertEquals(1, actedOn.get());
    }

    private UnifiedJedis openPool() {
        attempts.incrementAndGet();
        return pool;
    }

    private UnifiedJedis failThenOpenPool() {
        if (attempts.incrementAndGet() == 1) {
            throw new JedisConnectionException("Could not initialize cluster slots cache.");
        }
        return pool;
    }
}

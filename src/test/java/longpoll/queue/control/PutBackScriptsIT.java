package longpoll.queue.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import longpoll.queue.entity.ClientId;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The scripts that put entries back on a client's list, run on a real Redis as the service runs
 * them: what they put back keeps its order, and the list they may have to create again keeps an
 * expiry (every key the service writes has one).
 */
class PutBackScriptsIT {

    private static final String EXPIRY = "604800";
    private final JedisPooled redis = TestRedis.client();
    private final ClientId client = new ClientId("put-back");

    @BeforeEach
    void emptyLists() {
        redis.del(client.queueKey(), client.pollerKey(), client.inFlightKey());
    }

    @Test
    void entriesPutBackComeFirstInTheirOrderOnAListThatExpires() {
        redis.rpush(client.queueKey(), "newer");

        RedisScript.named("put-back.lua").run(redis, List.of(client.queueKey()), List.of(EXPIRY, "first", "second"));

        assertEquals(List.of("first", "second", "newer"), redis.lrange(client.queueKey(), 0, -1));
        assertTrue(redis.ttl(client.queueKey()) > 0, "expires");
    }

    @Test
    void entryHandedBackByAPollNoLongerThePollerGoesOnAListThatExpires() {
        redis.set(client.pollerKey(), client.wakeKey("newer-poll"));

        var answer = (List<?>) Pollers.taking("batch.lua", "end-wait.lua").run(redis,
                List.of(client.queueKey(), client.pollerKey(), client.wakeKey("older-poll")),
                List.of("0", "taken", EXPIRY, "1048576"));

        assertEquals(List.of(0L), answer);
        assertEquals(List.of("taken"), redis.lrange(client.queueKey(), 0, -1));
        assertTrue(redis.ttl(client.queueKey()) > 0, "expires");
    }
}

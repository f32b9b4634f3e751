package longpoll.queue.control;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import longpoll.queue.entity.ClientId;
import longpoll.support.NoEvents;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The scripts that put entries back on a client's list, run on a real Redis as the service runs
 * them: what they put back keeps its order, and the list they may have to create again keeps an
 * expiry (every key the service writes has one). Entries a poll could not hand over while Redis
 * was away are put back once it is there again. And a poll that is its client's poller no more
 * takes nothing, so that nothing has to go back.
 */
class PutBackScriptsIT {

    private static final String EXPIRY = "604800";
    private final JedisPooled redis = TestRedis.client();
    private final ClientId client = new ClientId("put-back");

    @BeforeEach
    void emptyLists() {
        redis.del(client.queueKey(), client.pollerKey(), client.inFlightKey());
    }

    /** On a Redis of its own: stopping the shared one would fail the next request of the server the ITs share. */
    @Test
    void entriesRedisWasNotThereToTakeBackArePutBackWhenItIs() {
        var ownRedis = RedisProcess.inMemory(Ports.free());
        ownRedis.start();
        var queue = messageQueueOn(ownRedis.port());
        ownRedis.stop();
        try (var ownClient = new JedisPooled("127.0.0.1", ownRedis.port())) {
            try {
                queue.putBack(client, List.of("first", "second"));
            } finally {
                ownRedis.start();
            }

            await("the entries back")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> ownClient.lrange(client.queueKey(), 0, -1), equalTo(List.of("first", "second")));
        } finally {
            queue.redis.close();
            ownRedis.stop();
        }
    }

    /** As the server builds it, with a Redis timeout of half a second. */
    private static MessageQueue messageQueueOn(int redisPort) {
        var settings = new QueueSettings();
        settings.url = URI.create("redis://127.0.0.1:" + redisPort);
        settings.sentinels = Optional.empty();
        settings.sentinelPassword = Optional.empty();
        settings.clusterNodes = Optional.empty();
        settings.timeoutMillis = 500;
        settings.commandPoolSize = 2;
        settings.pollPoolSize = 2;
        settings.recheckMillis = 500;
        settings.pollTimeoutSeconds = 1;
        settings.idleExpirySeconds = Long.parseLong(EXPIRY);
        var servers = new RedisServers();
        servers.settings = settings;
        var connections = new RedisConnections();
        connections.servers = servers;
        connections.settings = settings;
        connections.failed = new NoEvents<>();
        connections.prepare();
        var queue = new MessageQueue();
        queue.redis = connections;
        queue.settings = settings;
        return queue;
    }

    @Test
    void entriesPutBackComeFirstInTheirOrderOnAListThatExpires() {
        redis.rpush(client.queueKey(), "newer");

        RedisScript.named("put-back.lua").run(redis, List.of(client.queueKey()), List.of(EXPIRY, "first", "second"));

        assertEquals(List.of("first", "second", "newer"), redis.lrange(client.queueKey(), 0, -1));
        assertTrue(redis.ttl(client.queueKey()) > 0, "expires");
    }

    @Test
    void pollNoLongerThePollerTakesNothingAndThePollerTakesInOrder() {
        redis.rpush(client.queueKey(), "first", "second");
        redis.set(client.pollerKey(), "node-b 7");
        var take = Pollers.taking("batch.lua", "take.lua");
        var keys = List.of(client.queueKey(), client.pollerKey());

        assertEquals(List.of(0L), take.run(redis, keys, List.of("node-a 3", "100", "1048576")), "superseded");
        assertEquals(List.of("first", "second"), redis.lrange(client.queueKey(), 0, -1), "untouched");

        assertEquals(List.of(1L, "first", "second"), take.run(redis, keys, List.of("node-b 7", "100", "1048576")));
        assertFalse(redis.exists(client.pollerKey()), "it took, so it stepped down");
    }

    @Test
    void pollerWithNothingToTakeStaysThePoller() {
        redis.set(client.pollerKey(), "node-b 7");

        assertEquals(
                List.of(1L),
                Pollers.taking("batch.lua", "take.lua")
                        .run(
                                redis,
                                List.of(client.queueKey(), client.pollerKey()),
                                List.of("node-b 7", "100", "1048576")));
        assertEquals("node-b 7", redis.get(client.pollerKey()));
    }
}

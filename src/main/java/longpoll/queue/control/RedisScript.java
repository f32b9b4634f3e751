package longpoll.queue.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import longpoll.queue.entity.Digest;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script of this package's resources, run atomically in Redis. It is sent by its SHA-1
 * digest, and in full only when Redis does not know it yet (after a restart, or a new Redis).
 */
final class RedisScript {

    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = source;
        this.sha1 = Digest.sha1Hex(source);
    }

    static RedisScript named(String fileName) {
        try (InputStream in = RedisScript.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("Missing Redis script " + fileName);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(source, keys, args);
        }
    }

    /**
     * Runs the script, then waits until {@code replicas} replicas have its writes ({@code WAIT},
     * on the same connection: it waits for that connection's writes only).
     *
     * @throws JedisDataException "NOREPLICAS" when fewer replicas had them within {@code waitMillis}:
     *     the writes are on the master, but would be lost should it fail now
     */
    Object runReplicated(UnifiedJedis redis, List<String> keys, List<String> args, int replicas, long waitMillis) {
        try {
            return runReplicated(redis, keys, args, replicas, waitMillis, true);
        } catch (JedisNoScriptException e) {
            return runReplicated(redis, keys, args, replicas, waitMillis, false);
        }
    }

    private Object runReplicated(UnifiedJedis redis, List<String> keys, List<String> args, int replicas, long waitMillis,
            boolean bySha1) {
        Response<Object> result;
        Response<Long> replicated;
        try (var pipeline = redis.pipelined()) {
            result = bySha1 ? pipeline.evalsha(sha1, keys, args) : pipeline.eval(source, keys, args);
            replicated = pipeline.waitReplicas(keys.getFirst(), replicas, waitMillis);
        }
        Object outcome = result.get();
        if (replicated.get() < replicas) {
            throw new JedisDataException("NOREPLICAS only " + replicated.get() + " of " + replicas
                    + " replicas confirmed the write within " + waitMillis + " ms");
        }
        return outcome;
    }
}

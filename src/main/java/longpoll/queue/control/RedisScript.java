package longpoll.queue.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import longpoll.queue.entity.Digest;
import redis.clients.jedis.UnifiedJedis;
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
}

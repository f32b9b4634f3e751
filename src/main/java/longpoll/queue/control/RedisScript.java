package longpoll.queue.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** @param fileNames one script, or the files whose sources, one after the other, make it */
    static RedisScript named(String... fileNames) {
        var source = new StringBuilder();
        for (String fileName : fileNames) {
            source.append(sourceOf(fileName));
        }
        return new RedisScript(source.toString());
    }

    private static String sourceOf(String fileName) {
        try (InputStream in = RedisScript.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("Missing Redis script " + fileName);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

    /** A run of this script with these keys (all in one cluster slot) and arguments, for {@link #runAll}. */
    Call call(List<String> keys, List<String> args) {
        return new Call(this, keys, args);
    }

    /** One run of a script: its keys (all in one cluster slot) and arguments. */
    record Call(RedisScript script, List<String> keys, List<String> args) {}

    /**
     * Runs each call once, all in one round trip (a pipeline; in a Cluster, one per master), and
     * with {@code replicas} above 0, waits after each call until that many replicas have its
     * writes ({@code WAIT}, on the same connection: it waits for that connection's writes only).
     * A call Redis did not run because it did not know its script yet is run again on its own, so
     * each call runs exactly once: calls must not depend on each other's order.
     *
     * @return each call's result, in the calls' order; a call Redis refused (an error raised by
     *     its script, or Redis refusing work) has its {@link JedisDataException} for a result, so
     *     that one call's failure leaves the others' results in the caller's hands
     */
    static List<Object> runAll(UnifiedJedis redis, List<Call> calls, int replicas, long waitMillis) {
        List<Object> outcomes = pipelined(redis, calls, replicas, waitMillis, true);
        for (int i = 0; i < calls.size(); i++) {
            if (outcomes.get(i) instanceof JedisNoScriptException) {
                outcomes.set(
                        i,
                        pipelined(redis, List.of(calls.get(i)), replicas, waitMillis, false)
                                .getFirst());
            }
        }
        return outcomes;
    }

    /** @return each call's result, or its {@link JedisDataException} ({@link JedisNoScriptException}: not run) */
    private static List<Object> pipelined(
            UnifiedJedis redis, List<Call> calls, int replicas, long waitMillis, boolean bySha1) {
        var results = new ArrayList<Response<Object>>(calls.size());
        var replicated = new ArrayList<Response<Long>>(calls.size());
        try (var pipeline = redis.pipelined()) {
            for (Call call : calls) {
                RedisScript script = call.script();
                results.add(
                        bySha1
                                ? pipeline.evalsha(script.sha1, call.keys(), call.args())
                                : pipeline.eval(script.source, call.keys(), call.args()));
                if (replicas > 0) {
                    replicated.add(pipeline.waitReplicas(call.keys().getFirst(), replicas, waitMillis));
                }
            }
        }
        var outcomes = new ArrayList<Object>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            try {
                outcomes.add(results.get(i).get());
            } catch (JedisDataException e) {
                outcomes.add(e);
                continue;
            }
            if (replicas > 0 && replicated.get(i).get() < replicas) {
                outcomes.set(
                        i,
                        new JedisDataException(
                                "NOREPLICAS only " + replicated.get(i).get() + " of " + replicas
                                        + " replicas confirmed the write within " + waitMillis + " ms"));
            }
        }
        return outcomes;
    }
}

package longpoll.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/** MicroProfile Health on Payara Micro: {@code /health/ready} follows Redis, {@code /health/live} does not. */
class HealthIT extends DeployedWar {

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofMillis(200);
    /** The readiness bound (1 s by default) plus room for a busy machine, below the 2 s Redis reply timeout. */
    private static final long FROZEN_ANSWER_LIMIT_MILLIS = 1900;

    @Test
    void readyAndLiveWhileRedisAnswers() {
        var ready = health("ready");
        var live = health("live");

        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", check(ready, "redis").getString("status"));
        assertEquals("UP", check(ready, "polling").getString("status"));
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", check(live, "longpoll").getString("status"));
    }

    @Test
    void notReadyWhileRedisIsStoppedButStillLiveAndReadyAgainWhenItIsBack() throws Exception {
        TestRedis.stop();
        try {
            var ready = health("ready");
            var live = health("live");

            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("DOWN", body(ready).getString("status"));
            JsonObject redis = check(ready, "redis");
            assertEquals("DOWN", redis.getString("status"));
            assertEquals(
                    "Redis does not answer or refuses work: see this node's log",
                    redis.getJsonObject("data").getString("error"),
                    "no address or Redis error text to anyone who asks");
            assertEquals("UP", check(ready, "polling").getString("status"));
            assertEquals(200, live.statusCode(), live.body());
        } finally {
            TestRedis.start();
        }

        awaitReady();
    }

    @Test
    void notReadyWithinItsBoundWhileRedisIsFrozen() throws Exception {
        awaitReady(); // the first probe of a fresh deployment also opens the Redis pools

        TestRedis.freeze();
        HttpResponse<String> ready;
        long start = System.nanoTime();
        try {
            ready = health("ready");
        } finally {
            TestRedis.thaw();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(
                check(ready, "redis").getJsonObject("data").getString("error").startsWith("No answer within"),
                ready.body());
        assertTrue(elapsedMillis < FROZEN_ANSWER_LIMIT_MILLIS, "answered after " + elapsedMillis + " ms");
        awaitReady();
    }

    private HttpResponse<String> health(String kind) {
        return api.send(api.request("health/" + kind).GET());
    }

    /** Until the node is ready again; fails with its last answer when that takes longer than a recovery may. */
    private void awaitReady() {
        await("ready")
                .atMost(RECOVERY_LIMIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(RETRY)
                .untilAsserted(() -> {
                    var ready = health("ready");
                    assertEquals(200, ready.statusCode(), ready.body());
                });
    }

    private static JsonObject body(HttpResponse<String> response) {
        return Json.fromJson(response.body(), JsonObject.class);
    }

    private static JsonObject check(HttpResponse<String> response, String name) {
        return body(response).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No check " + name + " in " + response.body()));
    }
}

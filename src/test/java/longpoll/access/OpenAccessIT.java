package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * The shared test server runs as configured by default: no send tokens, no poll secret. Sends
 * and polls need no credential, as in the reference design; the per-client poll cap holds anyway.
 */
class OpenAccessIT extends DeployedWar {

    private static final int MAX_POLLS_PER_CLIENT = 4;

    @Test
    void sendAndPollNeedNoCredentialByDefault() {
        assertEquals(200, api.send("open-door", "\"no credential\"").statusCode());

        var answer = api.poll("open-door");

        assertEquals(200, answer.statusCode());
        assertEquals("[\"no credential\"]", answer.body());
    }

    @Test
    void mintingIsOffWithoutAPollSecret() {
        var answer = api.send(api.request("poll/token/open-door").POST(BodyPublishers.noBody()));

        assertEquals(404, answer.statusCode());
        assertEquals("Poll tokens are off: longpoll.poll.secret is not set",
                Json.fromJson(answer.body(), JsonObject.class).getString("error"));
    }

    @Test
    void clientNamedTokenIsStillAClient() {
        api.send("token", "\"for the client named token\"");

        assertEquals("[\"for the client named token\"]", api.poll("token").body());
    }

    @Test
    void pollBeyondTheClientsCapIs429WithRetryAfterAndAnAnsweredPollFreesItsPlace() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, MAX_POLLS_PER_CLIENT)
                .mapToObj(i -> api.pollAsync("greedy", "5"))
                .toList();
        TestRedis.awaitBlockedPops(MAX_POLLS_PER_CLIENT);

        var refused = api.poll("greedy");
        var otherClient = api.pollAsync("modest", "0.5").join();
        api.send("greedy", "\"one\"");
        var answered = CompletableFuture.anyOf(held.toArray(CompletableFuture[]::new)).join();
        var admittedAgain = api.pollAsync("greedy", "0.5").join();

        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(429, Json.fromJson(refused.body(), JsonObject.class).getInt("status"));
        assertEquals(204, otherClient.statusCode(), "another client is not held back");
        assertEquals("[\"one\"]", ((HttpResponse<?>) answered).body());
        assertEquals(204, admittedAgain.statusCode(), "the answered poll's place came free");
        held.forEach(CompletableFuture::join);
    }
}

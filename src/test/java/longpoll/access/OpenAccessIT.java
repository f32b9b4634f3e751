package longpoll.access;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
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
        assertEquals(
                "Poll tokens are off: longpoll.poll.secret is not set",
                Json.fromJson(answer.body(), JsonObject.class).getString("error"));
    }

    @Test
    void clientNamedTokenIsStillAClient() {
        api.send("token", "\"for the client named token\"");

        assertEquals("[\"for the client named token\"]", api.poll("token").body());
    }

    /**
     * One client id keeps at most {@code max-per-client} polls open on a node: a newer one
     * answers its oldest {@code 204} at once instead of being refused, and only a client whose
     * newest polls displace its oldest more than that within a second gets {@code 429} with
     * {@code Retry-After}. Other clients are not held back, and the newest poll gets the message.
     */
    @Test
    void clientBeyondItsShareDisplacesItsOldestPollAndOnlyDisplacingTooOftenIs429() {
        var oldest = api.pollAsync("greedy", "10");
        awaitPollsWaiting(1);
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(1, MAX_POLLS_PER_CLIENT)
                .mapToObj(i -> api.pollAsync("greedy", "10"))
                .toList();
        awaitPollsWaiting(MAX_POLLS_PER_CLIENT);

        var displacing = IntStream.rangeClosed(0, MAX_POLLS_PER_CLIENT)
                .mapToObj(i -> api.pollAsync("greedy", "2"))
                .toList();
        var displaced = oldest.orTimeout(5, TimeUnit.SECONDS).join();
        var refused = displacing.stream()
                .map(CompletableFuture::join)
                .filter(answer -> answer.statusCode() == 429)
                .toList();
        var otherClient = api.pollAsync("modest", "0.5").join();

        assertEquals(204, displaced.statusCode(), "the oldest poll gave way at once");
        assertEquals(1, refused.size(), "one displacement too many within the second");
        assertTrue(refused.getFirst().headers().firstValue("Retry-After").isPresent());
        assertEquals(
                429, Json.fromJson(refused.getFirst().body(), JsonObject.class).getInt("status"));
        assertEquals(204, otherClient.statusCode(), "another client is not held back");
        held.forEach(CompletableFuture::join);
    }

    private void awaitPollsWaiting(int polls) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Json.fromJson(api.send(api.request("stats").GET()).body(), JsonObject.class)
                                .getInt("pollsWaiting")
                        >= polls);
    }
}

package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.access.control.PollTokens;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.Api;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service with every door closed: send tokens, a poll secret, a send rate and a CORS list
 * holding a wildcard, on a Payara Micro of its own (one start for all these tests) with the
 * test Redis. The open mode is {@link OpenAccessIT}'s, on the shared server.
 */
class SecuredServerIT {

    private static final String SENDER = "first-sender-token-0123456789";
    private static final String OTHER_SENDER = "second-sender-token-0123456789";
    private static final String LIMITED_SENDER = "limited-sender-token-0123456789";
    private static final int SENDS_PER_SECOND = 10;
    private static final String SECRET = "poll-secret-of-the-secured-test-server-0123456789";
    private static final String PAGE_ORIGIN = "https://app.example";
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();
    private static final Path LOG = TARGET.resolve("secured-server.log");
    private static final PollTokens TOKENS = new PollTokens(SECRET);

    private static PayaraMicroProcess server;
    private static Api api;

    @BeforeAll
    static void startSecuredServer() throws IOException {
        TestRedis.client();
        int port = freePort();
        Files.deleteIfExists(LOG);
        server = PayaraMicroProcess.ofThisBuild(
                port,
                Map.of(
                        "LONGPOLL_SEND_TOKENS",
                        SENDER + "," + OTHER_SENDER + "," + LIMITED_SENDER,
                        "LONGPOLL_POLL_SECRET",
                        SECRET,
                        "LONGPOLL_SEND_MAX_PER_SECOND",
                        String.valueOf(SENDS_PER_SECOND),
                        "LONGPOLL_CORS_ALLOWED_ORIGINS",
                        "*," + PAGE_ORIGIN),
                LOG);
        server.startAndAwaitReady();
        api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
    }

    @AfterAll
    static void stopSecuredServer() {
        server.terminate();
    }

    @Test
    void sendWithoutOrWithAWrongCredentialIs401WithTheSameAnswerAndQueuesNothing() {
        var missing = api.send(sendRequest("send-refused", null));
        var wrong = api.send(sendRequest("send-refused", "Bearer " + SENDER + "x"));
        var otherScheme = api.send(sendRequest("send-refused", "Basic " + SENDER));
        var perClientForm =
                api.send(api.request("poll/send-refused").POST(BodyPublishers.ofString("{\"message\": 1}")));
        var batch = api.send(api.request("poll/send/batch")
                .POST(BodyPublishers.ofString("[{\"to\": \"send-refused\", \"message\": 1}]")));

        for (var refused : List.of(missing, wrong, otherScheme, perClientForm, batch)) {
            assertUnauthorized(refused);
            assertEquals(
                    "A valid send credential is required",
                    error(refused).getString("error"),
                    "no hint of what was wrong");
        }
        assertEquals(0, TestRedis.client().llen("messages:send-refused"));
    }

    @Test
    void sendWithAnyConfiguredCredentialIsQueuedInEveryForm() {
        assertEquals(
                200, api.send(sendRequest("send-allowed", "Bearer " + SENDER)).statusCode());
        assertEquals(
                200,
                api.send(sendRequest("send-allowed", "bearer " + OTHER_SENDER)).statusCode());
        assertEquals(
                200,
                api.send(api.request("poll/send-allowed")
                                .header("Authorization", "Bearer " + SENDER)
                                .POST(BodyPublishers.ofString("{\"message\": 3}")))
                        .statusCode());
        assertEquals(
                200,
                api.send(api.request("poll/send/batch")
                                .header("Authorization", "Bearer " + SENDER)
                                .POST(BodyPublishers.ofString("[{\"to\": \"send-allowed\", \"message\": 4}]")))
                        .statusCode());

        assertEquals(4, TestRedis.client().llen("messages:send-allowed"));
    }

    @Test
    void mintingNeedsTheSendCredentialAndGivesATokenThatPolls() {
        var refused = api.send(api.request("poll/token/minted").POST(BodyPublishers.noBody()));
        var minted = api.send(api.request("poll/token/minted")
                .header("Authorization", "Bearer " + SENDER)
                .POST(BodyPublishers.noBody()));

        assertUnauthorized(refused);
        assertEquals(200, minted.statusCode(), minted.body());
        assertTrue(minted.headers().firstValue("Cache-Control").orElseThrow().contains("no-store"));
        JsonObject token = Json.fromJson(minted.body(), JsonObject.class);
        assertEquals("minted", token.getString("clientId"));
        assertTrue(token.getJsonNumber("expiresAt").longValue() > System.currentTimeMillis() / 1000 + 3600);
        send("minted", "\"for the minted token\"");
        var answer = api.send(
                api.request("poll/minted?token=" + token.getString("token")).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("[\"for the minted token\"]", answer.body());
    }

    @Test
    void pollWithItsTokenInTheHeaderOrTheQueryGetsItsMessages() {
        send("token-forms", "\"by header\"");
        var byHeader = api.send(api.request("poll/token-forms")
                .header("Authorization", "Bearer " + tokenOf("token-forms"))
                .GET());
        send("token-forms", "\"by query\"");
        var byQuery = api.send(api.request("poll/token-forms?timeout=5&token=" + tokenOf("token-forms"))
                .GET());

        assertEquals("[\"by header\"]", byHeader.body());
        assertEquals("[\"by query\"]", byQuery.body());
    }

    @Test
    void pollWithoutAWrongAnExpiredOrAnotherClientsTokenIs401AndLeavesTheQueueUntouched() {
        send("guarded", "\"kept\"");
        long now = System.currentTimeMillis() / 1000;
        String good = tokenOf("guarded");
        String wrongSignature = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");

        var missing = api.send(api.request("poll/guarded?timeout=1").GET());
        var wrong = api.send(
                api.request("poll/guarded?timeout=1&token=" + wrongSignature).GET());
        var otherClients = api.send(api.request("poll/guarded?timeout=1")
                .header("Authorization", "Bearer " + tokenOf("intruder"))
                .GET());
        var expired = api.send(
                api.request("poll/guarded?ack=&timeout=1&token=" + TOKENS.mint(new ClientId("guarded"), now - 1))
                        .GET());
        var garbage = api.send(api.request("poll/guarded?token=not-a-token").GET());

        for (var refused : List.of(missing, wrong, otherClients, expired, garbage)) {
            assertUnauthorized(refused);
        }
        assertEquals("A poll token for this client is required", error(missing).getString("error"));
        assertEquals(
                "The poll token is not valid for this client",
                error(otherClients).getString("error"));
        assertEquals("The poll token has expired", error(expired).getString("error"));
        assertEquals(
                List.of("kept"),
                TestRedis.client().lrange("messages:guarded", 0, -1).stream()
                        .map(entry -> Json.fromJson(entry, JsonObject.class).getString("message"))
                        .toList());
        assertFalse(TestRedis.client().exists("inflight:{messages:guarded}"), "the refused ?ack= poll moved nothing");
        var answer = api.send(api.request("poll/guarded?token=" + good).GET());
        assertEquals("[\"kept\"]", answer.body());
    }

    @Test
    void sendsBeyondTheSendersRateAre429WithRetryAfterAndOtherSendersAreNotSlowed() {
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, 3 * SENDS_PER_SECOND)
                .mapToObj(i -> api.sendAsync(sendRequest("rate-limited", "Bearer " + LIMITED_SENDER)))
                .toList();
        List<HttpResponse<String>> answers =
                burst.stream().map(CompletableFuture::join).toList();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        var other = api.send(sendRequest("rate-limited", "Bearer " + OTHER_SENDER));

        long accepted = answers.stream().filter(a -> a.statusCode() == 200).count();
        var limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertEquals(answers.size(), accepted + limited.size());
        assertFalse(limited.isEmpty(), "the burst took " + seconds + " s");
        assertTrue(accepted <= SENDS_PER_SECOND * (seconds + 2), accepted + " accepted in " + seconds + " s");
        assertTrue(limited.getFirst().headers().firstValue("Retry-After").isPresent());
        assertEquals(429, error(limited.getFirst()).getInt("status"));
        assertEquals(200, other.statusCode(), "a sender's rate is its own");
        assertEquals(accepted + 1, TestRedis.client().llen("messages:rate-limited"), "refused sends queued nothing");
    }

    @Test
    void senderIdempotencyKeysAreTheirOwn() {
        var first = api.send(sendRequest("keys-of-senders", "Bearer " + SENDER).header("Idempotency-Key", "same-key"));
        var other = api.send(
                sendRequest("keys-of-senders", "Bearer " + OTHER_SENDER).header("Idempotency-Key", "same-key"));

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, other.statusCode(), other.body());
        assertNotEquals(
                Json.fromJson(first.body(), JsonObject.class).getString("id"),
                Json.fromJson(other.body(), JsonObject.class).getString("id"),
                "another sender's message, queued");
        assertEquals(2, TestRedis.client().llen("messages:keys-of-senders"));
    }

    @Test
    void corsAnswersOnlyListedOriginsIgnoresTheWildcardAndNeverAllowsCredentials() {
        var preflight = api.send(api.request("poll/guarded")
                .header("Origin", PAGE_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", BodyPublishers.noBody()));
        var listed = api.send(api.request("poll/cors-secured?timeout=0.01")
                .header("Origin", PAGE_ORIGIN)
                .GET());
        var unlisted = api.send(api.request("poll/cors-secured?timeout=0.01")
                .header("Origin", "https://evil.example")
                .GET());
        var literalWildcard = api.send(api.request("poll/cors-secured?timeout=0.01")
                .header("Origin", "*")
                .GET());

        assertEquals(204, preflight.statusCode());
        assertTrue(preflight
                .headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElseThrow()
                .toLowerCase()
                .contains("authorization"));
        assertEquals(
                PAGE_ORIGIN,
                listed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertUnauthorized(listed);
        assertTrue(listed.headers()
                .firstValue("Access-Control-Expose-Headers")
                .orElseThrow()
                .contains("WWW-Authenticate"));
        assertTrue(unlisted.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertTrue(literalWildcard
                .headers()
                .firstValue("Access-Control-Allow-Origin")
                .isEmpty());
        for (var answer : List.of(preflight, listed, unlisted, literalWildcard)) {
            assertTrue(answer.headers()
                    .firstValue("Access-Control-Allow-Credentials")
                    .isEmpty());
        }
    }

    @Test
    void closedDoorsAreNotReportedOpenAtStart() throws IOException {
        String log = Files.readString(LOG);

        assertFalse(log.contains("Sending is open"), "no open-send warning");
        assertFalse(log.contains("Polling is open"), "no open-poll warning");
        assertTrue(log.contains("the wildcard * is ignored"), "the CORS wildcard is reported");
    }

    private static HttpRequest.Builder sendRequest(String to, String authorization) {
        var request = api.request("poll/send")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"to\": \"" + to + "\", \"message\": \"hi\"}"));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static void send(String to, String messageJson) {
        var sent = api.send(api.request("poll/send")
                .header("Authorization", "Bearer " + SENDER)
                .POST(BodyPublishers.ofString("{\"to\": \"" + to + "\", \"message\": " + messageJson + "}")));
        assertEquals(200, sent.statusCode(), sent.body());
    }

    /** As the application's backend mints them: with the shared secret, no request needed. */
    private static String tokenOf(String clientId) {
        return TOKENS.mint(new ClientId(clientId), System.currentTimeMillis() / 1000 + 600);
    }

    private static void assertUnauthorized(HttpResponse<String> answer) {
        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(401, error(answer).getInt("status"));
        assertEquals("Bearer", answer.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    private static JsonObject error(HttpResponse<String> answer) {
        return Json.fromJson(answer.body(), JsonObject.class);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

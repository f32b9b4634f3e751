package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.support.DeployedWar;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A Java service that polls for many clients through one {@code HttpClient} with its defaults.
 * Such a client asks to upgrade a plain connection to HTTP/2 ({@code h2c}) and then sends every
 * request over that one connection. Payara, left to its defaults, caps the requests open on one
 * connection at 100 without telling the client, and closed the connection at the 101st, with
 * every poll held on it: the messages being written to them were lost. payara-config sets the
 * cap as high as the polls a node holds, which Payara then announces to the client.
 */
class DefaultJavaClientIT extends DeployedWar {

    private static final int POLLS = 150;

    @Test
    void manyPollsHeldThroughOneDefaultClientEachGetTheirMessage() {
        var http = HttpClient.newHttpClient();
        var base = URI.create("http://127.0.0.1:" + deployed().getPort() + "/poll/");
        // The client's first request is the one that asks for the upgrade; the others follow it.
        var first = http.sendAsync(
                        request(base.resolve("default-client-first?timeout=0.01"))
                                .build(),
                        BodyHandlers.ofString())
                .join();
        assertEquals(204, first.statusCode());
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, POLLS)
                .mapToObj(i -> http.sendAsync(
                        request(base.resolve("default-client-" + i)).build(), BodyHandlers.ofString()))
                .toList();
        TestRedis.awaitWaitingPolls(POLLS);

        for (int i = 0; i < POLLS; i++) {
            var send = http.sendAsync(
                            request(base.resolve("send"))
                                    .header("Content-Type", "application/json")
                                    .POST(BodyPublishers.ofString(
                                            "{\"to\": \"default-client-" + i + "\", \"message\": " + i + "}"))
                                    .build(),
                            BodyHandlers.ofString())
                    .join();
            assertEquals(200, send.statusCode(), send.body());
        }

        for (int i = 0; i < POLLS; i++) {
            var poll = polls.get(i).join();
            assertEquals(200, poll.statusCode(), "poll " + i);
            assertEquals("[" + i + "]", poll.body(), "poll " + i);
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    }
}

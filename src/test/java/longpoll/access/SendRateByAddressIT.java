package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.support.Api;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open sending with a send rate: a sender is its remote address, which the send's filter reads
 * from the servlet request. On a Payara Micro of its own with the test Redis; {@link
 * SecuredServerIT} has the rate per send token.
 */
class SendRateByAddressIT {

    private static final int SENDS_PER_SECOND = 5;
    private static final Path LOG =
            Path.of(System.getProperty("longpoll.war")).getParent().resolve("send-rate-server.log");

    private static PayaraMicroProcess server;
    private static Api api;

    @BeforeAll
    static void startServer() throws MalformedURLException {
        TestRedis.client();
        int port = Ports.free();
        server = PayaraMicroProcess.ofThisBuild(
                port, Map.of("LONGPOLL_SEND_MAX_PER_SECOND", String.valueOf(SENDS_PER_SECOND)), LOG);
        server.startAndAwaitReady();
        api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
    }

    @AfterAll
    static void stopServer() {
        server.terminate();
    }

    @Test
    void sendsFromOneAddressBeyondItsRateAre429AndQueueNothing() {
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, 4 * SENDS_PER_SECOND)
                .mapToObj(i -> api.sendAsync(api.request("poll/send")
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"to\": \"by-address\", \"message\": " + i + "}"))))
                .toList();
        List<HttpResponse<String>> answers =
                burst.stream().map(CompletableFuture::join).toList();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        long accepted = answers.stream().filter(a -> a.statusCode() == 200).count();
        var limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertEquals(
                answers.size(),
                accepted + limited.size(),
                "every send 200 or 429: "
                        + answers.stream().map(HttpResponse::body).toList());
        assertFalse(limited.isEmpty(), "the burst took " + seconds + " s");
        assertTrue(accepted <= SENDS_PER_SECOND * (seconds + 2), accepted + " accepted in " + seconds + " s");
        assertTrue(limited.getFirst().headers().firstValue("Retry-After").isPresent(), "a 429 without Retry-After");
        assertEquals(accepted, TestRedis.client().llen("messages:by-address"), "refused sends queued nothing");
    }
}

package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import longpoll.support.Api;
import longpoll.support.Deployments;
import longpoll.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A poll never waits for a Redis connection that sends hold: polls have a pool of their own, so
 * a burst of sends can't make one fail, nor keep it from putting back messages it took. A send
 * that waits in vain for one is told the node is busy, not that Redis is down. The node is
 * deployed with one connection for sends, which a send then holds for seconds (waiting for a
 * replica that does not exist, 1.5 s).
 */
@ExtendWith(ArquillianExtension.class)
class PollConnectionsIT {

    @ArquillianResource
    URL deployed;

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.longpoll(Map.of(
                "longpoll.redis.command-pool-size",
                "1",
                "longpoll.redis.wait-replicas",
                "1",
                "longpoll.redis.wait-replicas-millis",
                "1500"));
    }

    @Test
    void aPollIsAnsweredWhileASendHoldsEveryConnectionOfSends() {
        var api = new Api(deployed);
        TestRedis.client()
                .rpush("messages:busy-sends", "{\"to\":\"busy-sends\",\"message\":\"queued\",\"id\":\"m-1\"}");
        TestRedis.awaitNoWaitingPolls();
        var send = api.sendAsync(
                api.request("poll/send").POST(BodyPublishers.ofString("{\"to\": \"busy-receiver\", \"message\": 1}")));
        TestRedis.awaitBlockedIn("wait"); // the send's WAIT, on the only connection of sends

        var poll = api.poll("busy-sends");

        assertEquals(200, poll.statusCode(), poll.body());
        assertEquals("[\"queued\"]", poll.body());
        assertEquals(503, send.join().statusCode(), "no replica confirmed the send");
    }

    @Test
    void aSendFindingEveryConnectionBusyIsToldTheNodeIsBusy() {
        var api = new Api(deployed);
        TestRedis.awaitNoWaitingPolls();
        // Each holds the one connection for 1.5 s: the third in line waits longer than the 2 s a
        // send waits for a connection.
        var sends = IntStream.range(0, 3)
                .mapToObj(i -> api.sendAsync(api.request("poll/send")
                        .POST(BodyPublishers.ofString("{\"to\": \"busy-receiver\", \"message\": " + i + "}"))))
                .toList();

        var answers = sends.stream().map(CompletableFuture::join).toList();

        var busy = answers.stream()
                .filter(answer -> answer.body().contains("This node is busy"))
                .toList();
        assertFalse(
                busy.isEmpty(),
                answers.stream().map(HttpResponse::body).toList().toString());
        busy.forEach(answer -> {
            assertEquals(503, answer.statusCode());
            assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "no Retry-After");
        });
    }
}

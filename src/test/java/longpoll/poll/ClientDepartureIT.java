package longpoll.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import longpoll.json.Json;
import longpoll.support.Api;
import longpoll.support.Deployments;
import longpoll.support.RawPoll;
import longpoll.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A poll whose client leaves ends at once (see {@code ClientConnections}): it steps down as its
 * client's poller, its place on the node is free, and a message sent next waits in Redis for the
 * client's next poll, even when none has come yet. On Payara Micro here; {@link ProxyCutsIT}
 * checks the same on every server, through a proxy that cuts polls.
 */
@ExtendWith(ArquillianExtension.class)
class ClientDepartureIT {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    @ArquillianResource
    URL deployed;

    Api api;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.longpoll();
    }

    @BeforeEach
    void client() {
        api = new Api(deployed);
        TestRedis.awaitNoWaitingPolls();
    }

    @Test
    void pollWhoseClientLeftStopsWaitingWithinASecond() {
        var poll = RawPoll.open(deployed, "poll/departed");
        TestRedis.awaitWaitingPolls(1);

        poll.close();

        long left = System.nanoTime();
        await("the pop released")
                .atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !TestRedis.client().exists("poller:{messages:departed}"));
        System.out.printf(
                "A poll whose client left was released after %d ms%n", (System.nanoTime() - left) / 1_000_000);
        await("the place on the node free")
                .atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> pollsWaiting() == 0);
        TestRedis.awaitNoWaitingPolls();
    }

    @Test
    void messageSentAfterTheClientLeftWaitsInRedisForItsNextPoll() {
        var poll = RawPoll.open(deployed, "poll/back-later");
        TestRedis.awaitWaitingPolls(1);
        poll.close();
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(5)).until(() -> pollsWaiting() == 0);

        assertEquals(200, api.send("back-later", "\"while away\"").statusCode());

        var next = api.poll("back-later");
        assertEquals(200, next.statusCode());
        assertEquals("[\"while away\"]", next.body());
    }

    private int pollsWaiting() {
        return Json.fromJson(api.send(api.request("stats").GET()).body(), JsonObject.class)
                .getInt("pollsWaiting");
    }
}

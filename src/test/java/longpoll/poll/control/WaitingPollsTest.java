package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.AsyncResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import longpoll.queue.entity.ClientId;
import longpoll.stats.control.Counters;
import longpoll.web.entity.ApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's bookkeeping; the responses it holds are not touched by it, so none are needed here. */
class WaitingPollsTest {

    private final WaitingPolls waiting = new WaitingPolls();
    private final ClientId alice = new ClientId("alice");

    @BeforeEach
    void capOfTwo() {
        waiting.maxWaiting = 2;
        waiting.counters = new Counters();
        waiting.maxPerClient = 2;
    }

    @Test
    void clientsPlacesComeFreeAsItsPollsLeave() {
        waiting.maxWaiting = 10;
        HeldPoll first = waiting.admit(alice, null);
        HeldPoll second = waiting.admit(alice, null);
        assertThrows(ApiException.class, () -> waiting.admit(alice, null));

        waiting.leave(first);
        waiting.admit(alice, null);
        waiting.leave(second);
        waiting.admit(alice, null);

        assertEquals(2, waiting.count());
    }

    @Test
    void aPollLeavesOnceHoweverOftenItIsToldTo() {
        HeldPoll first = waiting.admit(alice, null);
        waiting.admit(new ClientId("bob"), null);

        waiting.leave(first);
        waiting.leave(first);

        assertEquals(1, waiting.count());
        waiting.admit(new ClientId("carol"), null);
        assertThrows(ApiException.class, () -> waiting.admit(new ClientId("dave"), null), "only one place came free");
    }

    @Test
    void pollBeyondTheNodesCapIsRefusedWith503AndTakesNoPlace() {
        waiting.admit(alice, null);
        waiting.admit(new ClientId("bob"), null);

        var refused = assertThrows(ApiException.class, () -> waiting.admit(new ClientId("carol"), null));

        assertEquals(503, refused.status().getStatusCode());
        assertEquals(2, waiting.count());
    }

    @Test
    void leavingFreesRoomForAnotherPoll() {
        HeldPoll first = waiting.admit(alice, null);
        waiting.admit(alice, null);
        waiting.leave(first);

        waiting.admit(new ClientId("carol"), null);

        assertEquals(2, waiting.count());
    }

    @Test
    void countIsThePollsHeldNowAndStoppingIsReported() {
        HeldPoll first = waiting.admit(alice, null);
        HeldPoll second = waiting.admit(new ClientId("bob"), null);
        assertEquals(2, waiting.count());

        waiting.leave(first);
        assertEquals(1, waiting.count());
        waiting.leave(second);
        assertEquals(0, waiting.count());
        assertFalse(waiting.isStopping());

        waiting.stop();
        assertTrue(waiting.isStopping());
    }

    @Test
    void pollBeyondTheClientsCapIsRefusedWith429AndTakesNoPlaceOnTheNode() {
        waiting.maxWaiting = 3;
        waiting.admit(alice, answering());
        waiting.admit(alice, answering());

        var refused = assertThrows(ApiException.class, () -> waiting.admit(alice, answering()));

        assertEquals(429, refused.status().getStatusCode());
        waiting.admit(new ClientId("bob"), answering()); // the node's third place is still free
    }

    @Test
    void answeredPollFreesItsClientsPlaceEvenBeforeItsPopEnds() {
        waiting.maxWaiting = 10;
        HeldPoll first = waiting.admit(alice, answering());
        waiting.admit(alice, answering());

        assertTrue(answer(first));

        waiting.admit(alice, answering());
        var refused = assertThrows(ApiException.class, () -> waiting.admit(alice, answering()), "only the answered poll's place came free");
        assertEquals(429, refused.status().getStatusCode());
    }

    @Test
    void leavingAfterTheAnswerFreesNothingTwice() {
        waiting.maxWaiting = 10;
        HeldPoll first = waiting.admit(alice, answering());
        waiting.admit(alice, answering());
        answer(first);
        waiting.leave(first);

        waiting.admit(alice, answering());

        assertThrows(ApiException.class, () -> waiting.admit(alice, answering()));
    }

    @Test
    void answeredPollGivesUpItsPlaceOnTheNodeBeforeItLeaves() throws InterruptedException {
        waiting.maxWaiting = 1;
        HeldPoll first = waiting.admit(alice, answering());

        assertTrue(answer(first));

        HeldPoll next = waiting.admit(alice, answering()); // the client's next poll, before the first one's task ended
        assertEquals(1, waiting.count());
        assertFalse(waiting.awaitNone(Duration.ofMillis(30)), "a stopping node still waits for the first poll's task");
        waiting.leave(first);
        assertEquals(1, waiting.count(), "leaving after the answer gives up no place twice");
        waiting.leave(next);
        assertTrue(waiting.awaitNone(Duration.ofMillis(30)));
        assertEquals(0, waiting.count());
    }

    /** Answers it as a failure would: no JAX-RS runtime needed to build the answer. */
    private static boolean answer(HeldPoll poll) {
        return poll.fail(ApiException.unavailable("answered"));
    }

    /** A response that takes any answer, as a live one does. */
    private static AsyncResponse answering() {
        return (AsyncResponse) Proxy.newProxyInstance(AsyncResponse.class.getClassLoader(), new Class<?>[] {AsyncResponse.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? true : null);
    }
}

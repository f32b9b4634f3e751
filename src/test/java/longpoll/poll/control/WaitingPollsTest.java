package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    }

    @Test
    void clientIsWaitingFromAdmissionUntilItsLastPollLeaves() {
        assertFalse(waiting.isWaiting(alice));

        HeldPoll first = waiting.admit(alice, null);
        HeldPoll second = waiting.admit(alice, null);
        assertTrue(waiting.isWaiting(alice));

        waiting.leave(first);
        assertTrue(waiting.isWaiting(alice));
        waiting.leave(second);
        assertFalse(waiting.isWaiting(alice));
    }

    @Test
    void pollBeyondTheNodesCapIsRefusedWith503() {
        waiting.admit(alice, null);
        waiting.admit(new ClientId("bob"), null);

        var refused = assertThrows(ApiException.class, () -> waiting.admit(new ClientId("carol"), null));

        assertEquals(503, refused.status().getStatusCode());
        assertFalse(waiting.isWaiting(new ClientId("carol")));
    }

    @Test
    void leavingFreesRoomForAnotherPoll() {
        HeldPoll first = waiting.admit(alice, null);
        waiting.admit(alice, null);
        waiting.leave(first);

        waiting.admit(new ClientId("carol"), null);

        assertTrue(waiting.isWaiting(new ClientId("carol")));
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
}

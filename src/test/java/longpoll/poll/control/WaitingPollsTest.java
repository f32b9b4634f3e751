package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.AsyncResponse;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import longpoll.queue.control.UnconnectedPollers;
import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;
import longpoll.support.NoEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's bookkeeping, with responses that take any answer, as live ones do. */
class WaitingPollsTest {

    private final WaitingPolls waiting = new WaitingPolls();
    private final ClientId alice = new ClientId("alice");

    @BeforeEach
    void capOfTwo() {
        waiting.settings = new PollSettings();
        waiting.settings.maxWaiting = 2;
        waiting.answered = new NoEvents<>();
        waiting.pollers = UnconnectedPollers.create();
        waiting.settings.maxPerClient = 2;
    }

    @Test
    void endedPollsGiveTheirPlacesBack() {
        HeldPoll first = admit(alice);
        HeldPoll second = admit(new ClientId("bob"));
        assertThrows(Refusal.class, () -> admit(new ClientId("carol")));

        finish(first);
        admit(new ClientId("carol"));
        finish(second);
        admit(new ClientId("dave"));

        assertEquals(2, waiting.count());
    }

    @Test
    void aPollGivesItsPlaceBackOnceHoweverOftenItIsAnswered() {
        HeldPoll first = admit(alice);
        admit(new ClientId("bob"));

        finish(first);
        finish(first);

        assertEquals(1, waiting.count());
        admit(new ClientId("carol"));
        assertThrows(Refusal.class, () -> admit(new ClientId("dave")), "only one place came free");
    }

    @Test
    void wakeUpFindsTheOpenPollItNamesAndNoneOnceItEnded() {
        HeldPoll poll = admit(alice);

        assertSame(poll, waiting.byNumber(poll.number()));
        finish(poll);

        assertNull(waiting.byNumber(poll.number()));
    }

    @Test
    void pollsThatEndedWhileTheyMayBeTheirClientsPollersAreSteppedDownOnce() {
        HeldPoll answered = admit(alice);
        HeldPoll left = admit(new ClientId("bob"));
        finish(answered);
        left.leave();

        assertEquals(Set.of(answered, left), Set.copyOf(waiting.endedPollers()));
        assertEquals(List.of(), waiting.endedPollers(), "taken out: stepped down once");
    }

    @Test
    void pollBeyondTheNodesCapIsRefusedWith503AndTakesNoPlace() {
        admit(alice);
        admit(new ClientId("bob"));

        var refused = assertThrows(Refusal.class, () -> admit(new ClientId("carol")));

        assertEquals(Refusal.Reason.UNAVAILABLE, refused.reason());
        assertEquals(2, waiting.count());
    }

    @Test
    void aClientComingBackIsNeverRefusedItsOldestPollOnTheNodeMakesRoom() {
        waiting.settings.maxWaiting = 10;
        var first = waiting.admit(alice, false, answering());
        var second = waiting.admit(alice, false, answering());
        assertNull(first.superseded());
        assertNull(second.superseded());

        var third = waiting.admit(alice, false, answering());

        assertSame(first.poll(), third.superseded(), "the oldest open poll gives way");
        assertEquals(3, waiting.count());
        assertTrue(answer(third.superseded()));
        assertEquals(2, waiting.count(), "the superseded poll gave up its place");
    }

    @Test
    void aClientSupersedingItsOldestPollsTooOftenIsRefusedWith429AndTakesNoPlace() {
        waiting.settings.maxWaiting = 10;
        admit(alice);
        admit(alice);
        answer(waiting.admit(alice, false, answering()).superseded());
        answer(waiting.admit(alice, false, answering()).superseded()); // two superseded within the second: its share

        var refused = assertThrows(Refusal.class, () -> admit(alice));

        assertEquals(Refusal.Reason.TOO_MANY, refused.reason());
        assertEquals(2, waiting.count());
        admit(new ClientId("bob")); // others are not held back
    }

    @Test
    void aClientWithinItsShareOnTheNodeSupersedesWithoutLimit() {
        waiting.settings.maxWaiting = 10;
        HeldPoll older = admit(alice);
        for (int i = 0; i < 20; i++) {
            HeldPoll newer = admit(alice); // a second tab, polling again after each message
            answer(newer);
        }
        assertTrue(older.isOpen());
        assertEquals(1, waiting.count());
    }

    @Test
    void aPollAfterTheLastOneWasAnsweredSupersedesNothingAndIsNeverRefused() {
        waiting.settings.maxWaiting = 10;
        for (int i = 0; i < 20; i++) {
            HeldPoll poll = admit(alice);
            assertTrue(answer(poll));
        }
        assertEquals(0, waiting.count());
    }

    @Test
    void aStoppingNodeRefusesNewPollsAndListsThoseItHolds() {
        HeldPoll open = admit(alice);
        HeldPoll answered = admit(new ClientId("bob"));
        answer(answered);
        assertFalse(waiting.isStopping());

        waiting.refuseNewPolls();

        assertTrue(waiting.isStopping());
        assertEquals(Set.of(open), waiting.held().collect(Collectors.toSet()));
        assertThrows(Refusal.class, () -> admit(new ClientId("carol")));
    }

    private HeldPoll admit(ClientId client) {
        return waiting.admit(client, false, answering()).poll();
    }

    private void finish(HeldPoll poll) {
        answer(poll);
    }

    /** Answers it as a failure would: no JAX-RS runtime needed to build the answer. */
    private static boolean answer(HeldPoll poll) {
        return poll.fail(Refusal.unavailable("answered"));
    }

    /** A response that takes any answer, as a live one does. */
    private static AsyncResponse answering() {
        return (AsyncResponse) Proxy.newProxyInstance(
                AsyncResponse.class.getClassLoader(),
                new Class<?>[] {AsyncResponse.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? true : null);
    }
}

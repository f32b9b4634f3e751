package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.AsyncResponse;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.queue.entity.ClientId;
import org.junit.jupiter.api.Test;

/** A poll its client left ends without an answer; its own timeout must still let go of its response. */
class HeldPollTest {

    private final AtomicInteger cancels = new AtomicInteger();
    private final HeldPoll poll = new HeldPoll(new ClientId("alice"), 1, "wake", counting(), answered -> {}, ended -> {});

    @Test
    void timeoutOfAPollItsClientLeftCancelsItsResponse() {
        assertTrue(poll.abandon());
        assertFalse(poll.timedOut(), "its pop, still at work, ends first");
        poll.popEnded();

        assertTrue(poll.timedOut(), "no answer to wait for: the container must not keep the response, re-armed forever");
        assertEquals(1, cancels.get());
    }

    /** An AsyncResponse that counts its cancels, each of which succeeds. */
    private AsyncResponse counting() {
        return (AsyncResponse) Proxy.newProxyInstance(AsyncResponse.class.getClassLoader(), new Class<?>[] {AsyncResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        cancels.incrementAndGet();
                    }
                    return method.getReturnType() == boolean.class ? true : null;
                });
    }
}

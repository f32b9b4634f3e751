package longpoll.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"test_client_1", "a", "user:42", "device.7-b", "A-Z_a-z.0-9:"})
    void idsOfTheAllowedCharactersAreAccepted(String id) {
        assertEquals(id, new ClientId(id).value());
    }

    @Test
    void longestIdIsAccepted() {
        assertEquals(128, new ClientId("x".repeat(128)).value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/inside", "star*", "{braces}", "ünï", "new\nline"})
    void otherIdsAreBadRequests(String id) {
        var refused = assertThrows(Refusal.class, () -> new ClientId(id));

        assertEquals(Refusal.Reason.INVALID, refused.reason());
    }

    @Test
    void idsOverTheLengthLimitOrMissingAreBadRequests() {
        assertThrows(Refusal.class, () -> new ClientId("x".repeat(129)));
        assertThrows(Refusal.class, () -> new ClientId(null));
    }

    @Test
    void queueKeyIsTheReferenceDesignsKey() {
        assertEquals("messages:test_client_1", new ClientId("test_client_1").queueKey());
    }
}

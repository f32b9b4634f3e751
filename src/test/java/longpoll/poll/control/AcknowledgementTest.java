package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import longpoll.refusal.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcknowledgementTest {

    @Test
    void noAckParameterMeansAPlainClient() {
        assertNull(Acknowledgement.of(null));
    }

    @Test
    void emptyAckIsAnAcknowledgingClientThatProcessedNothingYet() {
        assertEquals("", Acknowledgement.of("").lastId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"6c1f2a9e-0b7d-4c1e-9d7a-2f0c3b1a4e5d", "f2f90110f9968811a848ab3368ef8917b9c41f9a"})
    void idsLongpollGivesOutAreAccepted(String id) {
        assertEquals(id, Acknowledgement.of(id).lastId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "tab\there", "ünï"})
    void idsOutsideVisibleAsciiAreBadRequests(String id) {
        assertEquals(
                Refusal.Reason.INVALID,
                assertThrows(Refusal.class, () -> Acknowledgement.of(id)).reason());
    }

    @Test
    void idsOverTheLengthLimitAreBadRequests() {
        assertThrows(Refusal.class, () -> Acknowledgement.of("x".repeat(129)));
    }
}

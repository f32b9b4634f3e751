package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void messagesAreReadFromAPollAnswerHoweverItIsLaidOut() {
        assertArrayEquals(
                new Load.Message[] {new Load.Message(7, 1_500_000), new Load.Message(8, 1_600_000)},
                Load.messagesIn("[{\"seq\":7,\"sent\":1500000},{\"seq\":8,\"sent\":1600000}]"));
        assertArrayEquals(
                new Load.Message[] {new Load.Message(9, 42)}, Load.messagesIn("[ {\"sent\": 42, \"seq\": 9} ]"));
    }

    @Test
    void anAnswerThatIsNotAnArrayOfMessagesIsRefused() {
        assertThrows(JsonbException.class, () -> Load.messagesIn("{\"error\":\"not a poll answer\"}"));
    }

    @Test
    void aClientBacksOffAsThePageDoesDoublingUpToHalfAMinuteAJitteredHalfTakenOff() {
        assertEquals(250, Load.retryPauseMillis(0, 0, 0.0));
        assertEquals(375, Load.retryPauseMillis(0, 0, 0.5));
        assertEquals(1_000, Load.retryPauseMillis(2, 0, 0.0));
        assertEquals(15_000, Load.retryPauseMillis(10, 0, 0.0));
        assertEquals(22_500, Load.retryPauseMillis(40, 0, 0.5));
    }

    @Test
    void aServersRetryAfterIsAFloorWithinTheLimit() {
        assertEquals(5_000, Load.retryPauseMillis(0, 5, 0.0));
        assertEquals(30_000, Load.retryPauseMillis(0, 120, 0.0));
    }
}

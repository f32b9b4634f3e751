package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}

package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PollSettingsTest {

    /** The executor's definition needs its name as a constant, so the name is written twice: they must agree. */
    @Test
    void theDefaultExecutorIsTheOneTheWarDefines() throws IOException {
        var defaults = new Properties();
        try (Reader in =
                Files.newBufferedReader(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            defaults.load(in);
        }

        assertEquals(PollTasks.EXECUTOR, defaults.getProperty("longpoll.poll.executor"));
    }
}

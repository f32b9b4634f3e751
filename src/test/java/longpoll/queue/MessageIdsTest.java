package longpoll.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.UUID;
import longpoll.queue.entity.MessageIds;
import org.junit.jupiter.api.Test;

/** A message's id is a UUID that tells when it was made; any other id tells nothing. */
class MessageIdsTest {

    @Test
    void anIdIsAVersion7UuidThatCarriesTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        String id = MessageIds.next();
        long after = System.currentTimeMillis();

        UUID uuid = UUID.fromString(id);
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
        long made = MessageIds.madeAtMillis(id).orElseThrow();
        assertTrue(before <= made && made <= after, made + " within " + before + ".." + after);
    }

    @Test
    void idsMadeTogetherDiffer() {
        assertNotEquals(MessageIds.next(), MessageIds.next());
    }

    @Test
    void otherIdsTellNoTime() {
        assertEquals(
                OptionalLong.empty(), MessageIds.madeAtMillis(UUID.randomUUID().toString()));
        assertEquals(OptionalLong.empty(), MessageIds.madeAtMillis("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assertEquals(OptionalLong.empty(), MessageIds.madeAtMillis("not-a-uuid-but-thirty-six-characters"));
        assertEquals(OptionalLong.empty(), MessageIds.madeAtMillis(null));
    }
}

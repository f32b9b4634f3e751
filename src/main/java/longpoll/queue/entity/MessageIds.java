package longpoll.queue.entity;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * The ids longpoll gives messages: time-ordered UUIDs (version 7, RFC 9562), the Unix time in
 * milliseconds first and 74 random bits after it. A client sees an ordinary UUID; the node that
 * delivers the message reads from its id when it was queued, for the delivery-latency histogram.
 */
public final class MessageIds {

    private static final int VERSION = 7;
    private static final int TEXT_LENGTH = 36;

    private MessageIds() {}

    /** A new id, unique as a random UUID is, that carries the time it was made. */
    public static String next() {
        UUID random = UUID.randomUUID(); // its 122 random bits, and the variant, come from a secure source
        long timeAndVersion =
                System.currentTimeMillis() << 16 | VERSION << 12 | random.getMostSignificantBits() & 0x0FFF;
        return new UUID(timeAndVersion, random.getLeastSignificantBits()).toString();
    }

    /**
     * @return when an id made by {@link #next} was made, in Unix milliseconds; empty for any other
     *     id (a foreign entry's, a digest, a random UUID)
     */
    public static OptionalLong madeAtMillis(String id) {
        if (id == null || id.length() != TEXT_LENGTH) {
            return OptionalLong.empty();
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return OptionalLong.empty();
        }
        return uuid.version() == VERSION && uuid.variant() == 2
                ? OptionalLong.of(uuid.getMostSignificantBits() >>> 16)
                : OptionalLong.empty();
    }
}

package longpoll.poll.control;

import java.util.regex.Pattern;
import longpoll.refusal.Refusal;

/**
 * A poll's {@code ?ack=}: present (even empty) when the client acknowledges, holding the id of
 * the last message it processed, or nothing yet on its first poll.
 */
record Acknowledgement(String lastId) {

    private static final Pattern ID = Pattern.compile("[!-~]{0,128}");

    Acknowledgement {
        if (!ID.matcher(lastId).matches()) {
            throw Refusal.invalid(
                    "ack is the id of the last message processed (at most 128 visible ASCII characters), or empty");
        }
    }

    /** @return null when the client does not acknowledge (no {@code ack} parameter) */
    static Acknowledgement of(String ackParameter) {
        return ackParameter == null ? null : new Acknowledgement(ackParameter);
    }
}

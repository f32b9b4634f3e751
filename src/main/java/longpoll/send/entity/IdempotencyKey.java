package longpoll.send.entity;

import java.util.regex.Pattern;
import longpoll.refusal.Refusal;

/**
 * A send's {@code Idempotency-Key} header: a sender that retries with the same key (after a
 * timeout or a lost answer) does not queue the message twice, and gets the first send's id.
 * A key holds for one sender (when send tokens tell senders apart), one recipient, and one kind
 * of send: a single send's key {@code k} and a batch's key {@code k} are different keys.
 *
 * @param sender the sender's name when send tokens are on, else null (all senders share keys)
 */
public record IdempotencyKey(String sender, String value) {

    private static final Pattern VALID = Pattern.compile("[!-~]{1,128}");

    public IdempotencyKey {
        if (!VALID.matcher(value).matches()) {
            throw Refusal.invalid("Idempotency-Key is 1 to 128 visible ASCII characters");
        }
    }

    /** Where a single send remembers it (a sender's name is "sender <n>": no two scopes read alike). */
    public String ofSend() {
        return senderPart() + "send:" + value;
    }

    /** Where the message at {@code index} of a batch remembers it. */
    public String ofBatchMessage(int index) {
        return senderPart() + "batch " + index + ":" + value;
    }

    private String senderPart() {
        return sender == null ? "" : sender + ":";
    }
}

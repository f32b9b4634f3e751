package longpoll.send.entity;

import java.util.regex.Pattern;
import longpoll.web.entity.ApiException;

/**
 * A send's {@code Idempotency-Key} header: a sender that retries with the same key (after a
 * timeout or a lost answer) does not queue the message twice, and gets the first send's id.
 */
public record IdempotencyKey(String value) {

    private static final Pattern VALID = Pattern.compile("[!-~]{1,128}");

    public IdempotencyKey {
        if (!VALID.matcher(value).matches()) {
            throw ApiException.badRequest("Idempotency-Key is 1 to 128 visible ASCII characters");
        }
    }
}

package longpoll.access.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import longpoll.queue.entity.ClientId;

/**
 * Signs and checks poll tokens: {@code <expiry>.<signature>}, where {@code expiry} is the epoch
 * second the token stops working (decimal digits) and {@code signature} is
 * {@code base64url(HMAC-SHA256(secret, clientId + "." + expiry))}, padding optional. A token
 * names no client: it is valid only for the one whose id it was signed with, so another client's
 * token fails like a forged one. Any backend with an HMAC can mint these; see docs/security.md.
 */
public final class PollTokens {

    /** What a presented token is worth. Only a token with a good signature can be {@code EXPIRED}. */
    public enum Verdict {
        VALID,
        EXPIRED,
        INVALID
    }

    private static final String HMAC = "HmacSHA256";
    /** Up to 18 digits: always a long, and centuries ahead. */
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,18})\\.([A-Za-z0-9_-]{43}=?)");

    private final SecretKeySpec key;

    public PollTokens(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    /** @param expiresAt the epoch second from which the token is refused */
    public String mint(ClientId client, long expiresAt) {
        String expiry = Long.toString(expiresAt);
        return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(client, expiry));
    }

    /** @param now the current epoch second */
    public Verdict verify(ClientId client, String token, long now) {
        var parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            return Verdict.INVALID;
        }
        String expiry = parts.group(1);
        byte[] presented = Base64.getUrlDecoder().decode(parts.group(2));
        // Constant time: how much of a forged signature is right must not show in the answer's timing.
        if (!MessageDigest.isEqual(presented, signature(client, expiry))) {
            return Verdict.INVALID;
        }
        return now < Long.parseLong(expiry) ? Verdict.VALID : Verdict.EXPIRED;
    }

    /** Over the expiry as written in the token, so that a backend signs exactly the text it sends. */
    private byte[] signature(ClientId client, String expiry) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal((client.value() + "." + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}

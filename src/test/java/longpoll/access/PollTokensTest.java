package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import longpoll.access.control.PollTokens;
import longpoll.access.control.PollTokens.Verdict;
import longpoll.queue.entity.ClientId;
import org.junit.jupiter.api.Test;

class PollTokensTest {

    private static final String SECRET = "correct horse battery staple, 32+ chars";
    private static final long EXPIRY = 2_000_000_000L;
    private static final long BEFORE_EXPIRY = EXPIRY - 1;
    private final PollTokens tokens = new PollTokens(SECRET);
    private final ClientId alice = new ClientId("alice");

    /** The shell example in docs/security.md computes the same: any backend with an HMAC can mint. */
    @Test
    void tokenIsExpiryDotBase64UrlOfTheHmacOfClientIdDotExpiry() {
        assertEquals("2000000000.3lKnvkO3x8PfU1WxUqM1QVy7oElO7KWV-FzfcTx-TG8", tokens.mint(alice, EXPIRY));
    }

    @Test
    void mintedTokenIsValidForItsClientUntilItsExpiry() {
        String token = tokens.mint(alice, EXPIRY);

        assertEquals(Verdict.VALID, tokens.verify(alice, token, BEFORE_EXPIRY));
        assertEquals(Verdict.EXPIRED, tokens.verify(alice, token, EXPIRY));
    }

    @Test
    void paddedSignatureIsAcceptedToo() {
        assertEquals(Verdict.VALID, tokens.verify(alice, tokens.mint(alice, EXPIRY) + "=", BEFORE_EXPIRY));
    }

    @Test
    void anotherClientsTokenIsInvalid() {
        String bobs = tokens.mint(new ClientId("bob"), EXPIRY);

        assertEquals(Verdict.INVALID, tokens.verify(alice, bobs, BEFORE_EXPIRY));
    }

    @Test
    void tokenOfAnotherSecretIsInvalid() {
        String foreign = new PollTokens("another secret, also long enough!!").mint(alice, EXPIRY);

        assertEquals(Verdict.INVALID, tokens.verify(alice, foreign, BEFORE_EXPIRY));
    }

    @Test
    void laterExpiryOnAnOldSignatureIsInvalidNotExpiredOrValid() {
        String old = tokens.mint(alice, 1_000);
        String extended = EXPIRY + old.substring(old.indexOf('.'));

        assertEquals(Verdict.INVALID, tokens.verify(alice, extended, BEFORE_EXPIRY));
    }

    @Test
    void expiredTokenWithAForgedSignatureIsInvalidNotExpired() {
        String forged = "1000." + "A".repeat(43);

        assertEquals(Verdict.INVALID, tokens.verify(alice, forged, BEFORE_EXPIRY));
    }

    @Test
    void malformedTokensAreInvalid() {
        String good = tokens.mint(alice, EXPIRY);
        for (String malformed : new String[] {
            "",
            ".",
            "abc",
            good.substring(0, good.length() - 1),
            good + "A",
            "-1" + good.substring(good.indexOf('.')),
            " " + good,
            good.replace('.', ':'),
            "99999999999999999999" + good.substring(good.indexOf('.'))
        }) {
            assertEquals(Verdict.INVALID, tokens.verify(alice, malformed, BEFORE_EXPIRY), malformed);
        }
    }
}

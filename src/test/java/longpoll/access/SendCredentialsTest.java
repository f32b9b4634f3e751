package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import longpoll.access.control.BearerToken;
import longpoll.access.control.SendCredentials;
import org.junit.jupiter.api.Test;

class SendCredentialsTest {

    private final SendCredentials credentials =
            new SendCredentials(List.of("first-backend-token", "second-backend-token"));

    @Test
    void eachConfiguredTokenNamesItsSender() {
        assertEquals(Optional.of("sender 1"), credentials.senderOf("first-backend-token"));
        assertEquals(Optional.of("sender 2"), credentials.senderOf("second-backend-token"));
    }

    @Test
    void anyOtherTokenNamesNoSender() {
        assertEquals(Optional.empty(), credentials.senderOf("first-backend-toke"));
        assertEquals(Optional.empty(), credentials.senderOf("first-backend-token "));
        assertEquals(Optional.empty(), credentials.senderOf(""));
    }

    @Test
    void bearerTokenIsTakenFromTheAuthorizationHeaderWhateverTheSchemesCase() {
        assertEquals(Optional.of("abc"), BearerToken.of("Bearer abc"));
        assertEquals(Optional.of("abc"), BearerToken.of("bearer  abc "));
    }

    @Test
    void otherSchemesAndEmptyTokensGiveNoBearerToken() {
        assertEquals(Optional.empty(), BearerToken.of(null));
        assertEquals(Optional.empty(), BearerToken.of("Basic YWxpY2U6c2VjcmV0"));
        assertEquals(Optional.empty(), BearerToken.of("Bearer "));
        assertEquals(Optional.empty(), BearerToken.of("Bearer"));
        assertEquals(Optional.empty(), BearerToken.of("Bearerabc"));
    }
}

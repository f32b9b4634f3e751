package longpoll.access.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens senders may present, one per sending backend, so that each can be replaced
 * on its own and is limited on its own. Tokens are compared by their SHA-256 digests with
 * {@link MessageDigest#isEqual}: the time taken says nothing about how close a guess was, nor
 * how long the tokens are.
 */
public final class SendCredentials {

    private final List<byte[]> digests;

    public SendCredentials(List<String> tokens) {
        this.digests = tokens.stream().map(SendCredentials::digest).toList();
    }

    /** @return the sender the token belongs to ("sender 1" for the first configured token), or empty */
    public Optional<String> senderOf(String token) {
        byte[] presented = digest(token);
        Optional<String> sender = Optional.empty();
        for (int i = 0; i < digests.size(); i++) {
            // Every digest is compared, whichever matches.
            if (MessageDigest.isEqual(presented, digests.get(i))) {
                sender = Optional.of("sender " + (i + 1));
            }
        }
        return sender;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

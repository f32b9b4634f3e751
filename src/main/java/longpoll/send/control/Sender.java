package longpoll.send.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.UUID;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.send.entity.IdempotencyKey;
import longpoll.send.entity.SendReceipt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Queues a sent message, with a new id, on its recipient's list, where a waiting poll's pop picks it up. */
@ApplicationScoped
public class Sender {

    private static final Logger LOG = System.getLogger(Sender.class.getName());

    @Inject
    @ConfigProperty(name = "longpoll.send.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Inject
    MessageQueue queue;

    private SendRequestReader reader;

    @PostConstruct
    void init() {
        reader = new SendRequestReader(maxBodyBytes);
    }

    /**
     * @param pathRecipient  the client named in the path, or null for {@code POST /poll/send}
     * @param idempotencyKey the sender's {@code Idempotency-Key} header, or null
     */
    public SendReceipt send(InputStream body, String pathRecipient, String idempotencyKey) {
        var key = idempotencyKey == null ? null : new IdempotencyKey(idempotencyKey);
        QueuedMessage message = reader.read(body, pathRecipient, UUID.randomUUID().toString());
        var appended = queue.append(message, key == null ? null : key.value());
        var to = new ClientId(message.to());
        if (!appended.recipientWaiting()) {
            LOG.log(Level.DEBUG, "{0} is not connected: message queued", to);
        }
        return new SendReceipt(appended.id(), to.value(), appended.recipientWaiting());
    }
}

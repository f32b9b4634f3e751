package longpoll.send.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
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
    @ConfigProperty(name = "longpoll.send.max-batch-size", defaultValue = "100")
    int maxBatchSize;

    @Inject
    MessageQueue queue;

    private SendRequestReader reader;

    @PostConstruct
    void init() {
        reader = new SendRequestReader(maxBodyBytes, maxBatchSize);
    }

    /**
     * @param pathRecipient  the client named in the path, or null for {@code POST /poll/send}
     * @param idempotencyKey the sender's {@code Idempotency-Key} header, or null
     */
    public SendReceipt send(InputStream body, String pathRecipient, String idempotencyKey) {
        var key = idempotencyKey == null ? null : new IdempotencyKey(idempotencyKey);
        return queue(reader.read(body, pathRecipient, UUID.randomUUID().toString()), key == null ? null : key.value());
    }

    /**
     * Queues each message of a batch in order: one request for many messages, where one per
     * request would cost a sender (and the node) an HTTP exchange each. If queuing stops part
     * way (Redis down, a full queue), the sender retries the whole batch with the same
     * {@code Idempotency-Key}: the messages already queued are not queued again.
     */
    public List<SendReceipt> sendBatch(InputStream body, String idempotencyKey) {
        var key = idempotencyKey == null ? null : new IdempotencyKey(idempotencyKey);
        List<QueuedMessage> messages = reader.readBatch(body, () -> UUID.randomUUID().toString());
        var receipts = new ArrayList<SendReceipt>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            receipts.add(queue(messages.get(i), key == null ? null : key.value() + "#" + i));
        }
        return receipts;
    }

    private SendReceipt queue(QueuedMessage message, String idempotencyKey) {
        var appended = queue.append(message, idempotencyKey);
        var to = new ClientId(message.to());
        if (!appended.recipientWaiting()) {
            LOG.log(Level.DEBUG, "{0} is not connected: message queued", to);
        }
        return new SendReceipt(appended.id(), to.value(), appended.recipientWaiting());
    }
}

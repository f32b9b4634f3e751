package longpoll.send.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.control.MessageQueue.Appended;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.MessageIds;
import longpoll.queue.entity.QueuedMessage;
import longpoll.send.entity.IdempotencyKey;
import longpoll.send.entity.SendReceipt;

/** Queues a sent message, with a new id, on its recipient's list, and wakes the node where its poll waits. */
@ApplicationScoped
public class Sender {

    private static final Logger LOG = System.getLogger(Sender.class.getName());

    @Inject
    SendSettings settings;

    @Inject
    MessageQueue queue;

    private SendRequestReader reader;

    @PostConstruct
    void init() {
        reader = new SendRequestReader(settings.maxBodyBytes(), settings.maxBatchSize());
    }

    /**
     * @param pathRecipient  the client named in the path, or null for {@code POST /poll/send}
     * @param key            the sender's {@code Idempotency-Key}, or null
     */
    public SendReceipt send(InputStream body, String pathRecipient, IdempotencyKey key) {
        var message = reader.read(body, pathRecipient, MessageIds.next());
        return queue(List.of(message), key == null ? List.of() : List.of(key.ofSend()))
                .getFirst();
    }

    /**
     * Queues each message of a batch, in order for each recipient: one request for many
     * messages, where one per request would cost a sender (and the node) an HTTP exchange each.
     * If queuing stops part way (Redis down, a full queue), the sender retries the whole batch
     * with the same {@code Idempotency-Key}: the messages already queued are not queued again.
     */
    public List<SendReceipt> sendBatch(InputStream body, IdempotencyKey key) {
        List<QueuedMessage> messages = reader.readBatch(body, MessageIds::next);
        return queue(
                messages,
                key == null
                        ? List.of()
                        : IntStream.range(0, messages.size())
                                .mapToObj(key::ofBatchMessage)
                                .toList());
    }

    private List<SendReceipt> queue(List<QueuedMessage> messages, List<String> idempotencyKeys) {
        List<Appended> appended = queue.append(messages, idempotencyKeys);
        var receipts = new ArrayList<SendReceipt>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            var to = new ClientId(messages.get(i).to());
            if (!appended.get(i).recipientWaiting()) {
                LOG.log(Level.DEBUG, "{0} is not connected: message queued", to);
            }
            receipts.add(new SendReceipt(
                    appended.get(i).id(), to.value(), appended.get(i).recipientWaiting()));
        }
        return receipts;
    }
}

package longpoll.send.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import longpoll.poll.control.WaitingPolls;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.send.entity.SendReceipt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Queues a sent message on its recipient's list, where a waiting poll's pop picks it up. */
@ApplicationScoped
public class Sender {

    private static final Logger LOG = System.getLogger(Sender.class.getName());

    @Inject
    @ConfigProperty(name = "longpoll.send.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Inject
    MessageQueue queue;

    @Inject
    WaitingPolls waiting;

    private SendRequestReader reader;

    @PostConstruct
    void init() {
        reader = new SendRequestReader(maxBodyBytes);
    }

    /** @param pathRecipient the client named in the path, or null for {@code POST /poll/send} */
    public SendReceipt send(InputStream body, String pathRecipient) {
        QueuedMessage message = reader.read(body, pathRecipient);
        var to = new ClientId(message.to());
        queue.append(to, message.toEntry());
        boolean isWaiting = waiting.isWaiting(to);
        if (!isWaiting) {
            LOG.log(Level.DEBUG, "{0} is not connected: message queued", to);
        }
        return new SendReceipt(to.value(), isWaiting);
    }
}
